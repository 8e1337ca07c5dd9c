package nl.poortwachter.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API behind the console pages, without a camera: editing keeps an administrator's override and the masks,
 * sessions are listed and ended (audited), regimes, the status page's data, the metrics' names and help, and a
 * camera test refused by the URL policy (audited, nothing contacted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http anonymous;
    private Http admin;
    private Http integrator;
    private AuditTrail trail;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "cameraNetworks: [127.0.0.0/8]\n");
        anonymous = new Http(gateway.baseUrl());
        admin = Logins.admin(anonymous);
        integrator = Logins.user(anonymous, "ina", "integrator", List.of());
        trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Map<String, Object> camera(String id, String vendor) {
        Map<String, Object> c = new HashMap<>(TestGateway.camera(id, "avg-building-security"));
        c.put("vendor", vendor);
        return c;
    }

    @Test
    void editingADescriptionKeepsTheAdministratorsOverrideAndTheMasks() throws Exception {
        Map<String, Object> body = camera("kelder", "Hikvision");
        assertEquals(201, integrator.post("/api/v1/cameras", body).statusCode());
        String reason = "Camera in de serverruimte; besluit CISO 2026-31";
        HttpResponse<String> set = admin.put("/api/v1/cameras/kelder/policy-override", Map.of("reason", reason));
        assertEquals(200, set.statusCode(), set.body());
        long before = trail.lastSeq();

        // The integrator's form (or an older script) sends the description only: no mode, no override, no masks.
        Map<String, Object> renamed = new HashMap<>(body);
        renamed.put("name", "Kelder noord");
        renamed.put("location", "Kelder, noordzijde");
        HttpResponse<String> put = integrator.put("/api/v1/cameras/kelder", renamed);
        assertEquals(200, put.statusCode(), put.body());
        JsonNode cam = Http.json(integrator.get("/api/v1/cameras/kelder"));
        assertEquals("Kelder noord", cam.path("name").asText());
        assertEquals("passthrough", cam.path("mode").asText(), "the override was not dropped: " + cam);
        assertEquals(reason, cam.path("policyOverride").path("reason").asText(), cam.toString());
        assertEquals("admin", cam.path("policyOverride").path("by").asText(), "still the admin's decision");
        List<String> actions = trail.entriesAfter(before).stream().map(e -> e.path("action").asText()).toList();
        assertEquals(List.of("camera.update"), actions, "no mode change, no override removed");

        // Explicitly back to transcode: the override ends, and the log says so.
        Map<String, Object> transcode = new HashMap<>(renamed);
        transcode.put("mode", "transcode");
        assertEquals(200, integrator.put("/api/v1/cameras/kelder", transcode).statusCode());
        JsonNode after = Http.json(integrator.get("/api/v1/cameras/kelder"));
        assertEquals("transcode", after.path("mode").asText());
        assertTrue(after.path("policyOverride").isMissingNode() || after.path("policyOverride").isNull(), after.toString());

        // Masks: left out, kept; an empty list, removed.
        Map<String, Object> masked = new HashMap<>(transcode);
        masked.put("masks", List.of(Map.of("rect", List.of(0.1, 0.1, 0.2, 0.2), "fill", "solid")));
        assertEquals(200, integrator.put("/api/v1/cameras/kelder", masked).statusCode());
        assertEquals(200, integrator.put("/api/v1/cameras/kelder", transcode).statusCode());
        assertEquals(1, Http.json(integrator.get("/api/v1/cameras/kelder")).path("masks").size(), "kept");
        Map<String, Object> cleared = new HashMap<>(transcode);
        cleared.put("masks", List.of());
        assertEquals(200, integrator.put("/api/v1/cameras/kelder", cleared).statusCode());
        assertEquals(0, Http.json(integrator.get("/api/v1/cameras/kelder")).path("masks").size(), "removed");
    }

    @Test
    void sessionsAreListedWithoutTokensAndEndedByTheAdministrator() throws Exception {
        Http olga = Logins.user(anonymous, "olga", "operator", List.of());
        assertEquals(200, olga.get("/api/v1/auth/me").statusCode());
        HttpResponse<String> list = admin.get("/api/v1/sessions");
        assertEquals(200, list.statusCode(), list.body());
        assertFalse(list.body().contains("pwt_"), "no token in the list");
        JsonNode sessions = Http.json(list);
        JsonNode own = null;
        JsonNode olgas = null;
        for (JsonNode s : sessions) {
            assertTrue(s.path("ref").asText().matches("[0-9a-f]{12}"), s.toString());
            if (s.path("current").asBoolean()) {
                own = s;
            }
            if (s.path("username").asText().equals("olga")) {
                olgas = s;
            }
        }
        assertEquals("admin", own.path("username").asText(), "the admin's own session is marked");
        assertEquals("operator", olgas.path("role").asText());
        long before = trail.lastSeq();

        // Logins.user logged olga in twice (initial and chosen password); the second session is the client's.
        HttpResponse<String> revoked = admin.delete("/api/v1/sessions/" + olgas.path("ref").asText());
        assertEquals(204, revoked.statusCode(), revoked.body());
        List<JsonNode> entries = trail.entriesAfter(before);
        assertEquals("session.revoke", entries.get(0).path("action").asText(), entries.toString());
        assertEquals("olga", entries.get(0).path("objectId").asText());
        assertEquals("session=" + olgas.path("ref").asText(), entries.get(0).path("detail").asText());
        assertEquals("admin", entries.get(0).path("actorName").asText());
        assertEquals(404, admin.delete("/api/v1/sessions/" + olgas.path("ref").asText()).statusCode(), "gone");
        assertEquals(404, admin.delete("/api/v1/sessions/not-a-ref").statusCode());
        boolean stillListed = false;
        for (JsonNode s : Http.json(admin.get("/api/v1/sessions"))) {
            stillListed |= s.path("ref").asText().equals(olgas.path("ref").asText());
        }
        assertFalse(stillListed);
    }

    @Test
    void anEndedSessionNoLongerWorks() throws Exception {
        Http piet = Logins.user(anonymous, "piet", "operator", List.of());
        String ref = null;
        for (JsonNode s : Http.json(admin.get("/api/v1/sessions"))) {
            if (s.path("username").asText().equals("piet")) {
                ref = s.path("ref").asText();
                assertEquals(204, admin.delete("/api/v1/sessions/" + ref).statusCode());
            }
        }
        assertTrue(ref != null);
        assertEquals(401, piet.get("/api/v1/auth/me").statusCode(), "every session of piet was ended");
    }

    @Test
    void regimesAreWhatTheConfigurationAccepts() throws Exception {
        JsonNode regimes = Http.json(integrator.get("/api/v1/regimes"));
        Map<String, JsonNode> byId = new HashMap<>();
        regimes.forEach(r -> byId.put(r.path("id").asText(), r));
        assertEquals(28, byId.get("gemeentewet-151c").path("maxRetentionDays").asInt());
        assertTrue(byId.get("gemeentewet-151c").path("policeOnly").asBoolean());
        assertFalse(byId.get("avg-building-security").path("policeOnly").asBoolean());
        assertEquals(7, byId.get("wegbeheer").path("maxRetentionDays").asInt());
    }

    @Test
    void statusNamesCamerasWithoutPictureAndTheAuditLog() throws Exception {
        Map<String, Object> dark = new HashMap<>(camera("donker", "Axis"));
        dark.put("recording", true);
        assertEquals(201, integrator.post("/api/v1/cameras", dark).statusCode());
        JsonNode status = Await.value(Duration.ofSeconds(20), "the unreachable camera listed as offline", () -> {
            JsonNode now = Http.json(integrator.get("/api/v1/status"));
            for (JsonNode c : now.path("cameras").path("offline")) {
                if (c.path("id").asText().equals("donker")) {
                    return now;
                }
            }
            return null;
        });
        assertEquals("DEGRADED", status.path("status").asText(), status.toString());
        assertTrue(status.path("cameras").path("offline").toString().contains("donker"), status.toString());
        assertTrue(status.path("audit").path("ok").asBoolean(), status.toString());
        assertTrue(status.path("audit").path("lastSeq").asLong() > 0);
        assertTrue(status.path("storageReserve").path("freeBytes").asLong() > 0);
        assertTrue(status.path("storage").path("ok").asBoolean());
    }

    @Test
    void metricsSayWhatTheyAre() throws Exception {
        assertEquals(201, integrator.post("/api/v1/cameras", camera("meter", "Axis")).statusCode());
        String m = integrator.get("/metrics").body();
        assertTrue(m.contains("# HELP live_viewers live viewers"), "live_viewers has a help text");
        assertTrue(m.contains("# TYPE live_viewers gauge"));
        assertTrue(m.contains("live_chunks_dropped_total{camera=\"meter\"} 0.0"), "exists from the start at 0");
        assertTrue(m.contains("# TYPE live_chunks_dropped_total counter"));
        Map<String, Object> running = new HashMap<>(camera("teller", "Axis"));
        running.put("recording", true);
        assertEquals(201, integrator.post("/api/v1/cameras", running).statusCode());
        m = integrator.get("/metrics").body();
        assertTrue(m.contains("# TYPE camera_fragments_dropped_total counter"), "a counter");
        assertTrue(m.contains("camera_fragments_dropped_total{camera=\"teller\"} 0.0"), m);
        assertFalse(m.contains("camera_fragments_dropped{"), "no longer a gauge without _total");
        assertEquals(204, integrator.delete("/api/v1/cameras/meter").statusCode());
        assertFalse(integrator.get("/metrics").body().contains("live_chunks_dropped_total{camera=\"meter\"}"),
                "a removed camera's counter goes with it");
    }

    @Test
    void aCameraTestTheUrlPolicyRefusesContactsNothingAndIsLogged() throws Exception {
        long before = trail.lastSeq();
        for (String url : List.of("file:/etc/passwd", "rtsp://192.0.2.10/stream", "http://127.0.0.1/x")) {
            HttpResponse<String> r = integrator.post("/api/v1/cameras/probe", Map.of("url", url));
            assertEquals(400, r.statusCode(), url + " " + r.body());
            assertEquals("url", Http.json(r).path("field").asText(), r.body());
        }
        List<JsonNode> entries = trail.entriesAfter(before);
        assertEquals(3, entries.size(), entries.toString());
        for (JsonNode e : entries) {
            assertEquals("camera.probe", e.path("action").asText());
            assertEquals("failed", e.path("result").asText());
            assertEquals("error=invalid_field:url", e.path("detail").asText());
        }
        assertEquals(403, admin.post("/api/v1/cameras/probe", Map.of("url", "rtsp://127.0.0.1:9/x")).statusCode(),
                "not the admin's");
    }

    @Test
    void aCameraGroupGrantsItsCamerasAndFollowsItsMembers() throws Exception {
        for (String id : List.of("grp-a", "grp-b", "grp-c")) {
            assertEquals(201, integrator.post("/api/v1/cameras", camera(id, "Axis")).statusCode());
        }
        long before = trail.lastSeq();
        HttpResponse<String> made = admin.put("/api/v1/groups/centrum", Map.of("name", "Centrum",
                "cameras", List.of("grp-a", "grp-b")));
        assertEquals(200, made.statusCode(), made.body());
        assertEquals("group:centrum", Http.json(made).path("grant").asText());
        Http kees = Logins.user(anonymous, "kees", "operator", List.of("group:centrum"));
        assertEquals(List.of("grp-a", "grp-b"), ids(kees.get("/api/v1/cameras")));
        assertEquals(403, kees.get("/api/v1/cameras/grp-c").statusCode());

        assertEquals(200, admin.put("/api/v1/groups/centrum", Map.of("name", "Centrum",
                "cameras", List.of("grp-b", "grp-c"))).statusCode());
        assertEquals(List.of("grp-b", "grp-c"), ids(kees.get("/api/v1/cameras")), "the grant follows the group");
        assertEquals(403, kees.get("/api/v1/cameras/grp-a").statusCode());

        HttpResponse<String> unknown = admin.put("/api/v1/users/kees/grants", Map.of("cameras", List.of("group:noord")));
        assertEquals(400, unknown.statusCode(), unknown.body());
        HttpResponse<String> inUse = admin.delete("/api/v1/groups/centrum");
        assertEquals(409, inUse.statusCode());
        assertTrue(inUse.body().contains("kees"), inUse.body());
        assertEquals(200, admin.put("/api/v1/users/kees/grants", Map.of("cameras", List.of())).statusCode());
        assertEquals(204, admin.delete("/api/v1/groups/centrum").statusCode());
        assertEquals("[]", admin.get("/api/v1/groups").body().replaceAll("\\s", ""));

        List<String> log = trail.entriesAfter(before).stream().filter(e -> e.path("objectType").asText().equals("group"))
                .map(e -> e.path("action").asText() + " " + e.path("detail").asText()).toList();
        assertEquals(List.of("group.update name=Centrum cameras=grp-a,grp-b", "group.update name=Centrum cameras=grp-b,grp-c",
                "group.delete name=Centrum"), log);
        assertEquals(403, integrator.get("/api/v1/groups").statusCode(), "the admin's");
    }

    private static List<String> ids(HttpResponse<String> r) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        Http.json(r).forEach(c -> out.add(c.path("id").asText()));
        return out;
    }
}
