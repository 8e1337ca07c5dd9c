package nl.poortwachter.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A live viewer as the page is one (D15): the camera's WebSocket, its text messages, and every binary message with
 * the 8-byte arrival time it starts with, so that a test can see pictures arrive and measure ingest-to-here latency.
 */
final class LiveClient implements WebSocket.Listener, AutoCloseable {
    /** A picture (or init segment, time 0) as it arrived here. */
    record Binary(long arrivalMillis, long receivedMillis, int bytes) {
    }

    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    private final List<Binary> binaries = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private final WebSocket socket;

    private LiveClient(GatewayProcess gw, String cameraId, String bearer) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + bearer)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + gw.port() + "/api/v1/cameras/" + cameraId + "/live"), this)
                .get(30, TimeUnit.SECONDS);
    }

    static LiveClient open(GatewayProcess gw, String cameraId, String bearer) throws Exception {
        return new LiveClient(gw, cameraId, bearer);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            texts.add(partialText.toString());
            partialText.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.write(b, 0, b.length);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            long arrival = whole.length >= 8 ? ByteBuffer.wrap(whole, 0, 8).getLong() : -1;
            binaries.add(new Binary(arrival, System.currentTimeMillis(), whole.length - 8));
        }
        ws.request(1);
        return null;
    }

    List<String> texts() {
        return List.copyOf(texts);
    }

    /** Pictures so far (binary messages with an arrival time: init segments have 0). */
    List<Binary> pictures() {
        synchronized (binaries) {
            return binaries.stream().filter(b -> b.arrivalMillis() > 0).toList();
        }
    }

    /** Milliseconds from the picture's arrival at the recording node to its arrival here, for each picture. */
    List<Long> latencies() {
        return pictures().stream().map(b -> b.receivedMillis() - b.arrivalMillis()).sorted().toList();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        socket.abort();
    }
}
