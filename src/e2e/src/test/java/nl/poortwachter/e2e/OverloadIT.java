package nl.poortwachter.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.IndexInvariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More transcoded cameras than the box can encode: the gateway pinned to one core, four full-HD cameras to
 * re-encode (about two cores of work). It must say so rather than silently fall behind (docs/decisions.md D42):
 * cameras become degraded with a reason within a bound, /health and the metrics say so, the overload policy
 * reduces a camera to key frames with an entry in the processing log, and every index row keeps the time
 * invariants (docs/time.md) all the same.
 */
class OverloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAMERAS = 4;

    @Test
    void aBoxBeyondItsLimitSaysSoShedsLoadVisiblyAndKeepsTimesTrue(@TempDir Path dir) throws Exception {
        try (CameraSimulator sim = CameraSimulator.start();
             GatewayProcess gw = new GatewayProcess(dir, """
                     recording:
                       segmentSeconds: 5
                     capacity:
                       maxLagSeconds: 3
                     """).pinnedTo("0").start()) {
            for (int i = 0; i < CAMERAS; i++) {
                String body = GatewayRecordingIT.cameraJson("hd-" + i, sim.url(CameraSimulator.HIKVISION + "?camera=" + i),
                        "\"transcode\": {\"bitrateKbps\": 1000}");
                assertEquals(201, gw.send("POST", "/api/v1/cameras", body).statusCode());
            }
            // Within a bound: every camera connects within seconds, then lags by more than 3 s within 30 s.
            Set<String> degraded = new HashSet<>();
            String reason = Await.value(Duration.ofSeconds(60),
                    () -> "no camera became degraded: " + gw.get("/api/v1/capacity").body(), () -> {
                        String why = null;
                        for (JsonNode c : JSON.readTree(gw.get("/api/v1/cameras").body())) {
                            if (c.path("status").path("state").asText().equals("degraded")) {
                                degraded.add(c.path("id").asText());
                                why = c.path("status").path("load").path("degradedReason").asText();
                            }
                        }
                        return why;
                    });
            assertTrue(reason.contains("falling behind") || reason.contains("key frames"), reason);
            JsonNode health = JSON.readTree(gw.get("/health").body());
            assertEquals("DEGRADED", health.path("status").asText(), health.toString());
            assertTrue(health.path("capacity").path("degradedCameras").asInt() >= 1, health.toString());
            JsonNode capacity = JSON.readTree(gw.get("/api/v1/capacity").body());
            assertEquals(1, capacity.path("cores").asInt(), "taskset -c 0: one core " + capacity);
            assertEquals(CAMERAS, capacity.path("cameras").size());
            String metrics = gw.get("/metrics").body();
            assertTrue(metrics.contains("camera_state{camera=\"" + degraded.iterator().next() + "\",state=\"degraded\"} 1.0")
                    || metrics.contains("state=\"degraded\",camera=\"" + degraded.iterator().next() + "\"} 1.0"), "metric");
            assertTrue(metrics.contains("camera_lag_seconds{camera="), "lag metric");

            // The overload policy reduces a camera to key frames, logged in the processing log.
            Await.until(Duration.ofSeconds(40), () -> "no camera was reduced: " + gw.get("/api/v1/capacity").body(),
                    () -> gw.logText().contains("capacity.reduced"));
            JsonNode reducedNow = JSON.readTree(gw.get("/api/v1/capacity").body()).path("cameras");
            boolean anyKeyframesOnly = false;
            for (JsonNode c : reducedNow) {
                anyKeyframesOnly |= c.path("keyframesOnly").asBoolean();
            }
            assertTrue(anyKeyframesOnly, reducedNow.toString());
        }
        // The gateway stopped (its segments closed): every row of every camera holds the time invariants.
        assertTrue(IndexInvariants.check(dir.resolve("index.db"), dir.resolve("storage"), List.of()) >= CAMERAS);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storage").resolve("audit.db"));
             var entries = db.createStatement().executeQuery("SELECT COUNT(*) FROM audit_entry WHERE action = 'recording.reduced'")) {
            assertTrue(entries.next() && entries.getInt(1) >= 1, "the reduction is in the access log");
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storage").resolve("audit.db"));
             var lines = db.createStatement().executeQuery("SELECT COUNT(*) FROM processing WHERE name = 'recording.reduced'")) {
            assertTrue(lines.next() && lines.getInt(1) >= 1, "and in the processing log");
        }
    }
}
