package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.TestRecorders;
import nl.poortwachter.recorder.testing.TinyRtspServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera that accepts the connection and then fails is not watched for its return (that would connect to it
 * every quarter second) but backed off exponentially: 0.5 s, 1 s, 2 s, 2 s … with the test settings.
 */
class ReconnectIT {
    @Test
    void aCameraThatAcceptsAndThenFailsIsBackedOffExponentially(@TempDir Path dir) throws Exception {
        try (TinyRtspServer camera = TinyRtspServer.start("127.0.0.1", (c, method, request) -> method.equals("OPTIONS")
                ? TinyRtspServer.OPTIONS_OK : "RTSP/1.0 404 Not Found\r\n\r\n");
             Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            r.addCamera(TestRecorders.camera("stubborn", camera.url("/nothing")));
            Await.until(Duration.ofSeconds(5), "the first connection", () -> camera.connections() >= 1);
            Thread.sleep(5000); // a measuring window: how many connections the backoff allows in 5 s
            int attempts = camera.connections();
            // Sessions at 0, 0.5, 1.5, 3.5 s (+ a little): four; watching it would have made twenty.
            assertTrue(attempts >= 3 && attempts <= 5, attempts + " connections in 5 s after the first");
            assertTrue(r.camera("stubborn").orElseThrow().status().lastError().contains("404"),
                    r.camera("stubborn").orElseThrow().status().toString());
        }
    }
}
