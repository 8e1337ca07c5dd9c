package nl.poortwachter.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Map;
import nl.poortwachter.gateway.json.Mappers;

/**
 * What an endpoint answers. Endpoints build replies instead of writing to the response, so that headers every
 * response must carry, the access log and error handling live in one place ({@link ApiServer}).
 */
public record Reply(int status, String contentType, Buffer body, Map<String, String> headers, FileRegion file,
                    Streamed stream) {
    public static final String JSON = "application/json";

    /** Bytes [offset, offset + length) of a file, sent with sendfile instead of a body. */
    public record FileRegion(String path, long offset, long length) {
    }

    /** A body of known length arriving from elsewhere (another node's footage, D77), piped on as it comes. */
    public record Streamed(ReadStream<Buffer> source, long length) {
    }

    public Reply(int status, String contentType, Buffer body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null);
    }

    public Reply(int status, String contentType, Buffer body, Map<String, String> headers, FileRegion file) {
        this(status, contentType, body, headers, file, null);
    }

    /** {@code source} must be paused: the server resumes it once the response head is out, with backpressure. */
    public static Reply stream(int status, String contentType, ReadStream<Buffer> source, long length) {
        return new Reply(status, contentType, null, Map.of(), null, new Streamed(source, length));
    }

    /** Part of a file as the body: the kernel copies it to the socket (playback byte ranges, downloads). */
    public static Reply file(int status, String contentType, java.nio.file.Path path, long offset, long length) {
        return new Reply(status, contentType, null, Map.of(), new FileRegion(path.toString(), offset, length));
    }

    public static Reply json(int status, Object value) {
        try {
            return new Reply(status, JSON, Buffer.buffer(Mappers.JSON_OUT.writeValueAsBytes(value)), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static Reply ok(Object value) {
        return json(200, value);
    }

    /**
     * The endpoint took the connection over as a WebSocket ({@link Exchange#acceptWebSocket()}): the server only
     * logs the request. Status 101 is what the client got.
     */
    public static Reply upgraded() {
        return UPGRADED;
    }

    private static final Reply UPGRADED = new Reply(101, null, null, Map.of());

    public boolean isUpgrade() {
        return this == UPGRADED;
    }

    public static Reply noContent() {
        return new Reply(204, null, null, Map.of());
    }

    public static Reply of(int status, String contentType, Buffer body) {
        return new Reply(status, contentType, body, Map.of());
    }

    public Reply withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(h), file, stream);
    }
}
