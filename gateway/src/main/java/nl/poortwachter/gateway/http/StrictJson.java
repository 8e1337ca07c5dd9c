package nl.poortwachter.gateway.http;

import com.fasterxml.jackson.core.JacksonException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import nl.poortwachter.gateway.json.InputProblem;
import nl.poortwachter.gateway.json.Mappers;

/** Parses a request body into {@code type}; every way it can be wrong becomes a 400 that names the place. */
public final class StrictJson {
    private StrictJson() {
    }

    public static <T> T read(Buffer body, Class<T> type) {
        if (body == null || body.toString(java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("malformed_json", null, "the request body is empty; expected a JSON object");
        }
        T value;
        try {
            value = Mappers.JSON_IN.readValue(body.getBytes(), type);
        } catch (JacksonException e) {
            InputProblem p = InputProblem.of(e);
            throw switch (p.kind()) {
                case "malformed" -> ApiException.badRequest("malformed_json", null,
                        "malformed JSON at line " + p.line() + " column " + p.column());
                case "unknown_field" -> ApiException.badRequest("unknown_field", p.field(), p.message());
                default -> ApiException.badRequest("wrong_type", p.field(), p.message());
            };
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson declares it anyway.
            throw ApiException.badRequest("malformed_json", null, "the request body cannot be read");
        }
        if (value == null) {
            throw ApiException.badRequest("wrong_type", null, "the request body must be a JSON object, not null");
        }
        return value;
    }
}
