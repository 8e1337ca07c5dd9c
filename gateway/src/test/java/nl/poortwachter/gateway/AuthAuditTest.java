package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.LogCapture;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and the audit entries of actions through the real gateway: each action writes exactly the
 * expected entry; a failed login says nothing about whether the user exists; lockout; logout; the cookie and
 * its CSRF rule; traceparent; and no password or session token in any log, response or the audit database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAuditTest {
    private static final String LOGIN = "/api/v1/auth/login";

    @TempDir
    static Path tmp;
    private LogCapture logs;
    private Gateway gateway;
    private Http anonymous;
    private Http auditor;
    private AuditTrail trail;
    private Http integrator;

    @BeforeAll
    void start() throws Exception {
        logs = new LogCapture();
        // FAST_AUTH already opens the auth section; these keys continue it.
        gateway = TestGateway.start(tmp, "  maxFailedLogins: 5\n  maxFailedLoginsPerAddress: 1000\n  lockoutSeconds: 60\n");
        anonymous = new Http(gateway.baseUrl());
        auditor = Logins.user(anonymous, "audrey", "auditor", List.of());
        trail = new AuditTrail(auditor);
        integrator = Logins.user(anonymous, "ina", "integrator", List.of());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private List<JsonNode> entriesAfter(long seq) throws Exception {
        return trail.entriesAfter(seq);
    }

    private long lastSeq() throws Exception {
        return trail.lastSeq();
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return anonymous.post(LOGIN, Map.of("username", user, "password", password));
    }

    @Test
    void failedLoginRevealsNothingAndIsAuditedWithoutThePassword() throws Exception {
        long before = lastSeq();
        HttpResponse<String> known = login("ina", "Wrong-Password-Xyz1");
        HttpResponse<String> unknown = login("nobody-here", "Wrong-Password-Xyz2");
        assertEquals(401, known.statusCode());
        assertEquals(known.statusCode(), unknown.statusCode());
        assertEquals(known.body(), unknown.body(), "same body whether or not the user exists");
        assertFalse(known.headers().map().containsKey("set-cookie"));
        List<JsonNode> entries = entriesAfter(before);
        assertEquals(2, entries.size(), entries.toString());
        for (JsonNode e : entries) {
            assertEquals("auth.login", e.path("action").asText());
            assertEquals("failed", e.path("result").asText());
            assertEquals("reason=bad_credentials", e.path("detail").asText());
            assertEquals("127.0.0.1", e.path("clientAddress").asText());
            assertTrue(e.path("userAgent").asText().contains("Java"), e.toString());
        }
        assertEquals("ina", entries.get(0).path("actorName").asText());
        assertFalse(entries.get(0).has("actorId"), "the id of an existing user is not given away either");
    }

    @Test
    void lockoutIsTheSameForExistingAndUnknownNames() throws Exception {
        Http victim = Logins.user(anonymous, "victim", "operator", List.of());
        for (String name : List.of("victim", "ghost-user")) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(login(name, "Wrong-Password-" + i + "x").statusCode());
            }
            assertEquals(List.of(401, 401, 401, 401, 401, 429), statuses, name);
            HttpResponse<String> locked = login(name, Logins.password("victim"));
            assertEquals(429, locked.statusCode(), "even the right password waits: " + name);
            assertTrue(Long.parseLong(locked.headers().firstValue("Retry-After").orElse("0")) > 0);
        }
        assertEquals(200, victim.get("/api/v1/auth/me").statusCode(), "an existing session is not affected");
        List<JsonNode> denied = new ArrayList<>();
        for (JsonNode e : entriesAfter(0)) {
            if (e.path("action").asText().equals("auth.login") && e.path("detail").asText().equals("reason=locked")) {
                denied.add(e);
            }
        }
        assertEquals(4, denied.size(), "locked attempts are audited as denied");
    }

    @Test
    void loginLogoutAndCookieRules() throws Exception {
        Logins.user(anonymous, "olga", "operator", List.of("markt"));
        long before = lastSeq();
        HttpResponse<String> ok = login("olga", Logins.password("olga"));
        assertEquals(200, ok.statusCode(), ok.body());
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.matches("poortwachter_session=pwt_[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+"),
                setCookie);
        assertFalse(ok.body().contains("pwt_"), "the browser login never puts the token where scripts can read it");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpRequest.Builder me = anonymous.request("/api/v1/auth/me").header("Cookie", cookie);
        assertEquals(200, anonymous.send(me.GET()).statusCode());

        // CSRF: with the cookie, a state change needs the custom header; another Origin is refused outright.
        HttpResponse<String> noHeader = anonymous.send(anonymous.request("/api/v1/auth/logout").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, noHeader.statusCode(), noHeader.body());
        assertEquals("csrf_header_missing", Http.json(noHeader).path("error").asText());
        HttpResponse<String> crossOrigin = anonymous.send(anonymous.request("/api/v1/auth/logout").header("Cookie", cookie)
                .header("X-Requested-With", "poortwachter").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, crossOrigin.statusCode());
        HttpResponse<String> out = anonymous.send(anonymous.request("/api/v1/auth/logout").header("Cookie", cookie)
                .header("X-Requested-With", "poortwachter").header("Origin", gateway.baseUrl())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"));
        assertEquals(401, anonymous.send(anonymous.request("/api/v1/auth/me").header("Cookie", cookie).GET()).statusCode(),
                "logout revokes");

        List<JsonNode> entries = entriesAfter(before);
        assertEquals(List.of("auth.login", "auth.logout", "auth.logout"),
                entries.stream().map(e -> e.path("action").asText()).toList(), entries.toString());
        assertEquals("ok", entries.get(0).path("result").asText());
        assertEquals("operator", entries.get(0).path("actorRole").asText());
        assertEquals("denied", entries.get(1).path("result").asText(), "the CSRF refusal is audited");
        assertEquals("ok", entries.get(2).path("result").asText());
        assertEquals(entries.get(0).path("objectId").asText(), entries.get(2).path("objectId").asText(),
                "login and logout name the same session");
    }

    @Test
    void mustChangePasswordFirst() throws Exception {
        Http admin = Logins.admin(anonymous);
        HttpResponse<String> created = admin.post("/api/v1/users", Map.of("username", "newbie", "role", "auditor"));
        assertEquals(201, created.statusCode(), created.body());
        String initial = Http.json(created).path("initialPassword").asText();
        assertTrue(initial.matches("[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}"), initial);
        Http newbie = anonymous.as(Logins.token(anonymous, "newbie", initial));
        HttpResponse<String> refused = newbie.get("/api/v1/audit/entries");
        assertEquals(403, refused.statusCode());
        assertEquals("password_change_required", Http.json(refused).path("error").asText());
        assertTrue(Http.json(newbie.get("/api/v1/auth/me")).path("mustChangePassword").asBoolean());
        assertEquals(400, newbie.post("/api/v1/auth/password", Map.of("currentPassword", initial, "newPassword", "short"))
                .statusCode());
        assertEquals(204, newbie.post("/api/v1/auth/password", Map.of("currentPassword", initial,
                "newPassword", "A-Much-Better-Passphrase")).statusCode());
        assertEquals(200, newbie.get("/api/v1/audit/entries").statusCode());
    }

    @Test
    void cameraAndUserActionsWriteExactlyTheirEntries() throws Exception {
        Http admin = Logins.admin(anonymous);
        long before = lastSeq();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        HttpResponse<String> created = integrator.send(integrator.request("/api/v1/cameras")
                .header("Content-Type", "application/json").header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(
                        TestGateway.camera("plein", "gemeentewet-151c")))));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("0af7651916cd43dd8448eb211c80319c", created.headers().firstValue("X-Trace-Id").orElse(null));
        Map<String, Object> update = new java.util.HashMap<>(TestGateway.camera("plein", "gemeentewet-151c"));
        update.put("name", "Plein noord");
        assertEquals(200, integrator.put("/api/v1/cameras/plein", update).statusCode());
        assertEquals(400, integrator.post("/api/v1/cameras", Map.of("id", "bad")).statusCode());
        HttpResponse<String> probe = integrator.send(integrator.request("/api/v1/cameras/plein/probe")
                .header("traceparent", "00-1af7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, probe.statusCode());
        assertEquals(204, integrator.delete("/api/v1/cameras/plein").statusCode());
        assertEquals(201, admin.post("/api/v1/users", Map.of("username", "piet", "role", "police",
                "password", "Eerste-Wachtwoord-P1x")).statusCode());
        assertEquals(200, admin.put("/api/v1/users/piet/grants", Map.of("cameras", List.of("plein", "markt"))).statusCode());
        assertEquals(200, admin.put("/api/v1/users/piet", Map.of("role", "operator")).statusCode());
        assertEquals(200, admin.post("/api/v1/users/piet/password", Map.of()).statusCode());
        assertEquals(204, admin.delete("/api/v1/users/piet").statusCode());
        assertEquals(403, admin.delete("/api/v1/cameras/markt").statusCode(), "admins do not manage cameras");

        List<JsonNode> e = entriesAfter(before);
        List<String> actions = e.stream().map(x -> x.path("action").asText() + ":" + x.path("result").asText()).toList();
        assertEquals(List.of("camera.create:ok", "camera.update:ok", "camera.create:failed",
                "camera.probe:failed", "camera.delete:ok", "user.create:ok", "user.grants:ok", "user.update:ok",
                "user.password:ok", "user.delete:ok", "camera.delete:denied"), actions);
        JsonNode create = e.get(0);
        assertEquals("ina", create.path("actorName").asText());
        assertEquals("integrator", create.path("actorRole").asText());
        assertEquals("camera", create.path("objectType").asText());
        assertEquals("plein", create.path("objectId").asText());
        assertEquals("0af7651916cd43dd8448eb211c80319c", create.path("traceId").asText(), "traceparent honoured");
        assertEquals("regime=gemeentewet-151c", create.path("detail").asText());
        assertTrue(e.get(2).path("detail").asText("").startsWith("error=invalid_field"), e.get(2).toString());
        assertEquals("cameras=markt,plein", e.get(6).path("detail").asText());
        assertEquals("role=police->operator", e.get(7).path("detail").asText());
        assertEquals("admin", e.get(10).path("actorName").asText());

        // The probe processed camera video: one processing-log line, joined on the trace, with the caller's span.
        JsonNode lines = Http.json(auditor.get("/api/v1/audit/processing?trace=1af7651916cd43dd8448eb211c80319c"));
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = lines.get(0);
        assertEquals("camera.probe", line.path("name").asText());
        assertEquals("Error", line.path("status").asText());
        assertEquals("c7ad6b7169203331", line.path("parent_span_id").asText());
        assertTrue(line.path("span_id").asText().matches("[0-9a-f]{16}"));
        assertEquals("urn:poortwachter:verwerkingsactiviteit:gemeentewet-151c",
                line.path("attributes").path("dpl.core.processing_activity_id").asText());
        assertEquals("poortwachter", line.path("resource").path("name").asText());
        assertTrue(line.path("end_time").asLong() >= line.path("start_time").asLong());
        assertFalse(line.toString().contains("ina"), "no user identity in the processing log");
    }

    @Test
    void modeMaskAndOverrideChangesWriteExactlyTheirEntries() throws Exception {
        Http admin = Logins.admin(anonymous);
        Map<String, Object> plain = TestGateway.camera("poort", "gemeentewet-151c");
        assertEquals(201, integrator.post("/api/v1/cameras", plain).statusCode());
        long before = lastSeq();
        Map<String, Object> masked = new java.util.HashMap<>(plain);
        masked.put("masks", List.of(Map.of("rect", List.of(0.1, 0.1, 0.2, 0.2), "fill", "solid")));
        assertEquals(200, integrator.put("/api/v1/cameras/poort", masked).statusCode());
        // Masks left out of a PUT are kept (D56); an empty list removes them.
        Map<String, Object> unmasked = new java.util.HashMap<>(plain);
        unmasked.put("masks", List.of());
        assertEquals(200, integrator.put("/api/v1/cameras/poort", unmasked).statusCode());
        String reason = "Camera in een afgesloten serverruimte; besluit CISO 2026-114";
        HttpResponse<String> set = admin.put("/api/v1/cameras/poort/policy-override", Map.of("reason", reason));
        assertEquals(200, set.statusCode(), set.body());
        HttpResponse<String> removed = admin.delete("/api/v1/cameras/poort/policy-override");
        assertEquals(200, removed.statusCode(), removed.body());

        List<JsonNode> e = entriesAfter(before);
        assertEquals(List.of("camera.masks", "camera.update", "camera.masks", "camera.update",
                "camera.mode", "policy.override", "camera.mode", "policy.override"),
                e.stream().map(x -> x.path("action").asText()).toList(), e.toString());
        for (JsonNode x : e) {
            assertEquals("ok", x.path("result").asText(), x.toString());
            assertEquals("camera", x.path("objectType").asText());
            assertEquals("poort", x.path("objectId").asText());
        }
        assertEquals("masks=0->1", e.get(0).path("detail").asText());
        assertEquals("ina", e.get(0).path("actorName").asText());
        assertEquals("integrator", e.get(0).path("actorRole").asText());
        assertEquals("masks=1->0", e.get(2).path("detail").asText());
        assertEquals("from=transcode to=passthrough", e.get(4).path("detail").asText());
        assertEquals("policy=passthrough reason=" + reason, e.get(5).path("detail").asText());
        assertEquals("from=passthrough to=transcode", e.get(6).path("detail").asText());
        assertEquals("policy=passthrough override=removed", e.get(7).path("detail").asText());
        for (JsonNode x : e.subList(4, 8)) {
            assertEquals("admin", x.path("actorName").asText(), x.toString());
            assertEquals("admin", x.path("actorRole").asText(), x.toString());
        }
        assertEquals(e.get(4).path("traceId").asText(), e.get(5).path("traceId").asText(), "one request, one trace");
        assertEquals(e.get(6).path("traceId").asText(), e.get(7).path("traceId").asText(), "one request, one trace");
    }

    @Test
    void auditorApiVerifiesExportsAndSignsWithAnExportableKey() throws Exception {
        JsonNode report = Http.json(auditor.send(auditor.request("/api/v1/audit/verify")
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertTrue(report.path("ok").asBoolean(), report.toString());
        HttpResponse<String> pem = auditor.get("/api/v1/audit/public-key");
        assertEquals(200, pem.statusCode());
        assertTrue(pem.body().startsWith("-----BEGIN PUBLIC KEY-----"), pem.body());
        HttpResponse<String> csv = auditor.get("/api/v1/audit/export?format=csv&action=auth.*");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("audit-log.csv"));
        assertTrue(csv.body().startsWith("seq,time,actor_id"), csv.body());
        for (String row : csv.body().split("\r\n")) {
            assertTrue(row.startsWith("seq") || row.contains(",auth."), row);
        }
        assertEquals(403, integrator.get("/api/v1/audit/public-key").statusCode());
    }

    @Test
    void noPasswordOrTokenInAnyLog() throws Exception {
        long before = lastSeq();
        HttpResponse<String> issued = anonymous.post("/api/v1/auth/token",
                Map.of("username", "ina", "password", Logins.password("ina")));
        String token = Http.json(issued).path("token").asText();
        HttpResponse<String> listed = anonymous.as(token).get("/api/v1/cameras?token=" + token);
        HttpResponse<String> typo = login("ina", "Typo-In-Password-77");
        // Each request's line is written after its answer: with all three in the log, the log has what to check.
        for (HttpResponse<String> r : List.of(issued, listed, typo)) {
            logs.awaitRequestLine(r);
        }
        String log = logs.formatted();
        for (String secret : List.of(Logins.password("ina"), Logins.ADMIN_PASSWORD, "Typo-In-Password-77", token,
                token.substring(4))) {
            assertFalse(log.contains(secret), "the log contains a secret: " + secret);
        }
        // The failed login's entry is committed (the audit database holds it) before the database is searched.
        assertTrue(entriesAfter(before).stream().anyMatch(e -> e.path("action").asText().equals("auth.login")
                && e.path("result").asText().equals("failed") && e.path("actorName").asText().equals("ina")),
                "the failed login is in the audit log");
        byte[] db = Files.readAllBytes(gateway.config().audit().file());
        String wal = Files.exists(Path.of(gateway.config().audit().file() + "-wal"))
                ? new String(Files.readAllBytes(Path.of(gateway.config().audit().file() + "-wal")), java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        String all = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1) + wal;
        for (String secret : List.of(Logins.password("ina"), "Typo-In-Password-77", token.substring(4))) {
            assertFalse(all.contains(secret), "the audit database contains a secret");
        }
    }
}
