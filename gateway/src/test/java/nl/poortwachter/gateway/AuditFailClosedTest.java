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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * audit_unavailable) instead of done unrecorded, and leaves nothing changed: a login leaves no session, a live view
 * does not start, no camera is added, changed or removed, no user either, no legal hold is set or released.
 * Afterwards the log has no entry from the outage, its chain is whole, and the same actions work again. (Playback
 * and export need footage: {@code PlaybackApiIT} checks them.)
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
            assertNothingLogged(trail, before);

            assertEquals(200, anonymous.post("/api/v1/auth/token", login).statusCode());
            assertEquals(101, liveView(gateway, policeToken));
            assertEquals(200, integrator.put("/api/v1/cameras/poort", masked).statusCode());
        }
    }

    @Test
    void cameraChangesThatCannotBeLoggedAreNotMade() throws Exception {
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
            Map<String, Object> poort = new HashMap<>(TestGateway.camera("poort", "avg-building-security"));
            poort.put("username", "viewer");
            poort.put("password", "Camera-Geheim-7");
            assertEquals(201, integrator.post("/api/v1/cameras", poort).statusCode());
            Map<String, Object> hek = TestGateway.camera("hek", "avg-building-security");
            Map<String, Object> renamed = new HashMap<>(TestGateway.camera("poort", "avg-building-security"));
            renamed.put("name", "Poort noord");
            renamed.put("username", ""); // drops the credentials: an undone update must bring them back
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            List<String> camerasBefore = cameras(integrator);
            long before = trail.lastSeq();

            try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                assertRefused(integrator.post("/api/v1/cameras", hek));
                assertRefused(integrator.put("/api/v1/cameras/poort", renamed));
                assertRefused(integrator.delete("/api/v1/cameras/poort"));
            }

            assertEquals(camerasBefore, cameras(integrator), "no camera added, changed or removed");
            assertNothingLogged(trail, before);

            assertEquals(201, integrator.post("/api/v1/cameras", hek).statusCode());
            assertEquals(200, integrator.put("/api/v1/cameras/poort", renamed).statusCode());
            assertEquals(List.of("hek Camera hek null", "poort Poort noord null"), cameras(integrator));
            assertEquals(204, integrator.delete("/api/v1/cameras/poort").statusCode());
            assertEquals(List.of("camera.create:ok", "camera.update:ok", "camera.delete:ok"), actions(trail, before));
        }
    }

    @Test
    void loginsAndUserChangesThatCannotBeLoggedAreNotMade() throws Exception {
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http admin = Logins.admin(anonymous);
            Http piet = Logins.user(anonymous, "piet", "operator", List.of("poort"));
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            Map<String, String> login = Map.of("username", "piet", "password", Logins.password("piet"));
            Map<String, String> ownChange = Map.of("currentPassword", Logins.password("piet"),
                    "newPassword", "Ander-Wachtwoord-Van-P-42");
            Map<String, Object> klaas = Map.of("username", "klaas", "role", "operator", "grants", List.of());
            String usersBefore = admin.get("/api/v1/users").body();
            int sessionsBefore = gateway.sessionCount();
            long before = trail.lastSeq();

            try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                assertRefused(anonymous.post("/api/v1/auth/token", login));
                assertEquals(sessionsBefore, gateway.sessionCount(), "the refused login left no session behind");
                assertRefused(piet.post("/api/v1/auth/password", ownChange));
                assertRefused(admin.post("/api/v1/users", klaas));
                assertRefused(admin.put("/api/v1/users/piet", Map.of("role", "police")));
                assertRefused(admin.put("/api/v1/users/piet/grants", Map.of("cameras", List.of("poort", "hek"))));
                assertRefused(admin.post("/api/v1/users/piet/password", Map.of()));
                assertRefused(admin.delete("/api/v1/users/piet"));
            }

            assertEquals(sessionsBefore, gateway.sessionCount(), "no session was added or revoked");
            assertEquals(usersBefore, admin.get("/api/v1/users").body(), "no user added, changed or removed");
            assertEquals(200, piet.get("/api/v1/auth/me").statusCode(), "piet's session was not revoked");
            assertNothingLogged(trail, before);

            assertEquals(200, anonymous.post("/api/v1/auth/token", login).statusCode(), "the password is unchanged");
            assertEquals(sessionsBefore + 1, gateway.sessionCount());
            assertEquals(204, piet.post("/api/v1/auth/password", ownChange).statusCode());
            assertEquals(201, admin.post("/api/v1/users", klaas).statusCode());
            assertEquals(200, admin.put("/api/v1/users/piet/grants", Map.of("cameras", List.of("poort", "hek")))
                    .statusCode());
            assertEquals(200, admin.put("/api/v1/users/piet", Map.of("role", "police")).statusCode());
            assertEquals(200, admin.post("/api/v1/users/piet/password", Map.of()).statusCode());
            assertEquals(204, admin.delete("/api/v1/users/piet").statusCode());
            assertEquals(List.of("auth.login:ok", "user.password:ok", "user.create:ok", "user.grants:ok",
                    "user.update:ok", "user.password:ok", "user.delete:ok"), actions(trail, before));
        }
    }

    @Test
    void holdChangesThatCannotBeLoggedAreNotMade() throws Exception {
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
            assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("poort", "avg-building-security"))
                    .statusCode());
            Http police = Logins.user(anonymous, "piet", "police", List.of("poort"));
            String holds = "/api/v1/cameras/poort/holds";
            Instant from = Instant.now().minus(Duration.ofHours(2));
            Map<String, Object> hold = Map.of("from", from.toString(), "to", from.plusSeconds(600).toString(),
                    "reason", "vordering officier van justitie", "caseNumber", "PL-7",
                    "expiresAt", Instant.now().plus(Duration.ofDays(90)).toString());
            HttpResponse<String> first = police.post(holds, hold);
            assertEquals(201, first.statusCode(), first.body());
            long held = Http.json(first).path("id").asLong();
            String release = holds + "/" + held + "/release";
            Map<String, String> why = Map.of("reason", "zaak gesloten");
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            String holdsBefore = police.get(holds).body();
            long before = trail.lastSeq();

            try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                assertRefused(police.post(holds, hold));
                assertRefused(police.post(release, why));
            }

            assertEquals(holdsBefore, police.get(holds).body(), "no hold set, none released");
            assertNothingLogged(trail, before);

            HttpResponse<String> second = police.post(holds, hold);
            assertEquals(201, second.statusCode(), second.body());
            long secondId = Http.json(second).path("id").asLong();
            assertEquals(held + 1, secondId, "the refused hold did not take an id either");
            HttpResponse<String> released = police.post(release, why);
            assertEquals(200, released.statusCode(), released.body());
            assertEquals(List.of("legal_hold.set:ok", "legal_hold.release:ok"), actions(trail, before));
            assertEquals(List.of("hold_id=" + secondId, "hold_id=" + held), trail.entriesAfter(before).stream()
                    .map(e -> e.path("detail").asText().split(" ")[0]).toList(), "each entry names the hold it is about");
        }
    }

    /** The cameras as "id name credentials" (the listing's ingest status changes by itself, so it is left out). */
    private static List<String> cameras(Http client) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode c : Http.json(client.get("/api/v1/cameras"))) {
            out.add(c.path("id").asText() + " " + c.path("name").asText() + " " + c.path("credentials").asText(null));
        }
        return out;
    }

    private static List<String> actions(AuditTrail trail, long after) throws Exception {
        return trail.entriesAfter(after).stream()
                .map(e -> e.path("action").asText() + ":" + e.path("result").asText()).toList();
    }

    /** No entry from the outage, and the commits that failed left the chain whole. */
    private static void assertNothingLogged(AuditTrail trail, long before) throws Exception {
        assertEquals(List.of(), trail.entriesAfter(before), "nothing from the outage is in the log");
        JsonNode report = trail.verify();
        assertTrue(report.path("ok").asBoolean(), "failed commits leave the chain whole: " + report);
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
