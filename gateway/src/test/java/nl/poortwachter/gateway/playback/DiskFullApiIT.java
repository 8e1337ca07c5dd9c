package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway on a 32 MiB tmpfs (footage, index, users, audit log): when the disk fills, the reserve
 * deletes the oldest footage, /health says DEGRADED with the reason, the deletion is in the audit log, and the
 * API and recording carry on.
 */
class DiskFullApiIT {
    static final long MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @TempDir
    Path tmp;

    @Test
    void aFullDiskAppliesTheReserveAndTheApiStaysUp() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 32); CameraSimulator sim = CameraSimulator.start()) {
            GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                    TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                            + "retention:\n  reserve: {floorMiB: 8, marginMiB: 3, checkSeconds: 1, policy: delete-oldest}\n"
                            + Logins.FAST_AUTH,
                    "test.yaml", null, new Overrides(0, disk.dir().resolve("storage"), null));
            try (Gateway gateway = Gateway.start(config)) {
                Http http = new Http(gateway.baseUrl());
                Http integrator = Logins.user(http, "integrator", "integrator", List.of());
                Http auditor = Logins.user(http, "auditor", "auditor", List.of());
                ObjectNode cam = Http.JSON.createObjectNode();
                cam.put("id", "gate");
                cam.put("name", "Poort");
                cam.put("url", sim.url(CameraSimulator.SMALL));
                cam.put("legalRegime", "avg-building-security");
                assertEquals(201, integrator.post("/api/v1/cameras", cam).statusCode());
                waitFor(() -> segments(integrator) >= 3, "footage");
                assertEquals("UP", Http.json(http.get("/health")).path("status").asText());

                disk.ballastLeaving(8 * MIB + MIB / 2);
                String degraded = Await.value(PATIENCE, "health DEGRADED", () -> {
                    JsonNode h = Http.json(http.get("/health"));
                    return h.path("status").asText().equals("DEGRADED") ? h.toString() : null;
                });
                assertTrue(degraded.contains("delete-oldest"), degraded);
                waitFor(() -> Http.json(auditor.get("/api/v1/audit/entries?action=retention.delete")).path("entries")
                        .size() > 0, "the reserve's deletion in the audit log");
                JsonNode entry = Http.json(auditor.get("/api/v1/audit/entries?action=retention.delete")).path("entries").path(0);
                assertTrue(entry.toString().contains("policy=reserve"), entry.toString());
                JsonNode purges = Http.json(auditor.get("/api/v1/retention/purges"));
                assertTrue(purges.size() >= 1 && purges.path(0).path("policy").asText().equals("reserve"), purges.toString());
                // The API answers and the camera records on.
                assertEquals(200, integrator.get("/api/v1/cameras").statusCode());
                int before = segments(integrator);
                waitFor(() -> segments(integrator) > before, "recording goes on");
                assertEquals("streaming", Http.json(integrator.get("/api/v1/cameras/gate")).path("status").path("state").asText());
                assertTrue(disk.free() > 5 * MIB, "free " + disk.free() / MIB + " MiB");
            }
        }
    }

    static int segments(Http http) throws Exception {
        int n = 0;
        for (JsonNode s : Http.json(http.get("/api/v1/cameras/gate/recordings")).path("segments")) {
            n += s.path("complete").asBoolean() ? 1 : 0;
        }
        return n;
    }

    static void waitFor(Await.Condition condition, String what) throws Exception {
        Await.until(PATIENCE, what, condition);
    }
}
