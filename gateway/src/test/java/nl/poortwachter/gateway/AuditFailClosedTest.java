package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import nl.poortwachter.gateway.testing.AuditOutage;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail closed: while the audit log cannot write, every action it would have to record is refused (503
 * audit_unavailable) instead of done unrecorded: a login hands out no session, a live view does not start, a
 * camera change does not take effect. Afterwards the log has no entry from the outage, its chain is whole, and
 * the same actions work again. (Playback and export need footage: {@code PlaybackApiIT} checks them.)
 */
class AuditFailClosedTest {
    @TempDir
    Path tmp;

    @Test
    void whatCannotBeLoggedIsRefusedAndLeavesNoTrace() throws Exception {
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http admin = Logins.admin(anonymous);
            Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
            Map<String, Object> plain = TestGateway.camera("poort", "avg-building-security");
            assertEquals(201, integrator.post("/api/v1/cameras", plain).statusCode());
            Logins.user(anonymous, "piet", "police", List.of("poort"));
            String policeToken = Logins.token(anonymous, "piet", Logins.password("piet"));
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            Map<String, Object> masked = new HashMap<>(plain);
            masked.put("masks", List.of(Map.of("rect", List.of(0.1, 0.1, 0.2, 0.2), "fill", "solid")));
            Map<String, String> login = Map.of("username", "ina", "password", Logins.password("ina"));
            Map<String, String> override = Map.of("reason", "Camera in een afgesloten serverruimte; besluit CISO");
            long before = trail.lastSeq();

            try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                HttpResponse<String> refusedLogin = anonymous.post("/api/v1/auth/token", login);
                assertRefused(refusedLogin);
                assertFalse(refusedLogin.body().contains("pwt_"), "no session handed out: " + refusedLogin.body());
                assertEquals(503, liveView(gateway, policeToken), "no live view that is not logged");
                assertRefused(integrator.put("/api/v1/cameras/poort", masked));
                assertRefused(admin.put("/api/v1/cameras/poort/policy-override", override));
            }

            JsonNode camera = Http.json(integrator.get("/api/v1/cameras/poort"));
            assertEquals("transcode", camera.path("mode").asText(), camera.toString());
            assertEquals(0, camera.path("masks").size(), "the mask change did not take effect: " + camera);
            assertTrue(camera.path("policyOverride").isMissingNode() || camera.path("policyOverride").isNull(),
                    "the override did not take effect: " + camera);
            assertEquals(List.of(), trail.entriesAfter(before), "nothing from the outage is in the log");
            JsonNode report = trail.verify();
            assertTrue(report.path("ok").asBoolean(), "failed commits leave the chain whole: " + report);

            assertEquals(200, anonymous.post("/api/v1/auth/token", login).statusCode());
            assertEquals(101, liveView(gateway, policeToken));
            assertEquals(200, integrator.put("/api/v1/cameras/poort", masked).statusCode());
        }
    }

    /** Opens a live view and closes it again; the status of the WebSocket handshake (101 when it opened). */
    private static int liveView(Gateway gateway, String token) {
        URI url = URI.create(gateway.baseUrl().replace("http:", "ws:") + "/api/v1/cameras/poort/live");
        try {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(url, new WebSocket.Listener() {
                    }).join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static void assertRefused(HttpResponse<String> r) throws Exception {
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("audit_unavailable", Http.json(r).path("error").asText(), r.body());
    }
}
