package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.LogCapture;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API with a real RTSP camera (the simulator, digest authentication): probe succeeds, ingest streams,
 * recordings appear, and the camera password never shows in a response or the log.
 */
class GatewayCameraTest {
    @TempDir
    Path tmp;

    @Test
    void cameraWithCredentialsProbesStreamsAndRecordsWithoutLeakingThePassword() throws Exception {
        CameraSimulator sim = CameraSimulator.start();
        try (LogCapture logs = new LogCapture()) {
            GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                    TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2, probeTimeoutSeconds: 8}\n"
                            + Logins.FAST_AUTH,
                    "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
            try (Gateway gateway = Gateway.start(config)) {
                Http http = Logins.user(new Http(gateway.baseUrl()), "integrator", "integrator", java.util.List.of());
                ObjectNode cam = Http.JSON.createObjectNode();
                cam.put("name", "Simulator digest");
                cam.put("url", sim.url(CameraSimulator.DIGEST));
                cam.put("username", CameraSimulator.DIGEST_USER);
                cam.put("password", CameraSimulator.DIGEST_PASSWORD);
                cam.put("legalRegime", "avg-building-security");
                HttpResponse<String> created = http.post("/api/v1/cameras", cam);
                assertEquals(201, created.statusCode(), created.body());
                assertEquals("simulator-digest", Http.json(created).path("id").asText());

                HttpResponse<String> probe = http.post("/api/v1/cameras/simulator-digest/probe", "");
                assertEquals(200, probe.statusCode());
                JsonNode p = Http.json(probe);
                assertTrue(p.path("ok").asBoolean(), probe.body());
                assertTrue(p.path("width").asInt() > 0, probe.body());

                Await.until(Duration.ofSeconds(30), () -> "streaming: " + http.get("/api/v1/cameras/simulator-digest").body(),
                        () -> Http.json(http.get("/api/v1/cameras/simulator-digest")).path("status").path("state")
                                .asText().equals("streaming"));
                assertTrue(http.get("/metrics").body().contains("camera_state{camera=\"simulator-digest\",state=\"streaming\"} 1"),
                        "the recorder's per-camera metrics are in the gateway's registry");

                Await.until(Duration.ofSeconds(30), "a segment is recorded and listed", () -> Http.json(
                        http.get("/api/v1/cameras/simulator-digest/recordings")).path("segments").size() > 0);

                // A wrong password is reported by probe, without echoing either password.
                ObjectNode wrong = cam.deepCopy();
                wrong.put("password", "Wrong!pw");
                wrong.put("recording", false);
                HttpResponse<String> put = http.put("/api/v1/cameras/simulator-digest", wrong);
                assertEquals(200, put.statusCode());
                HttpResponse<String> probed = http.post("/api/v1/cameras/simulator-digest/probe", "");
                JsonNode failed = Http.json(probed);
                assertFalse(failed.path("ok").asBoolean(), failed.toString());
                assertEquals("auth_failed", failed.path("problem").asText(), failed.toString());

                HttpResponse<String> deleted = http.delete("/api/v1/cameras/simulator-digest");
                assertEquals(204, deleted.statusCode());
                // The lines of the requests that carried or used the passwords, before the log is searched for them.
                for (HttpResponse<String> r : java.util.List.of(put, probed, deleted)) {
                    logs.awaitRequestLine(r);
                }

                for (String secret : new String[] {CameraSimulator.DIGEST_PASSWORD, "Wrong!pw"}) {
                    assertFalse(http.transcript().contains(secret), "response contains " + secret);
                    assertFalse(logs.formatted().contains(secret), "log contains " + secret + ":\n" + logs.formatted());
                }
            }
        } finally {
            sim.close();
        }
    }
}
