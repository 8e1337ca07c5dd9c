package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 3 with a recording camera: footage recorded under gemeentewet-151c stays police-only after the
 * camera's regime is changed; the change is refused to an integrator and made by an admin, with an entry naming
 * both regimes; footage recorded after it is the new regime's, and a range across the change needs the stricter
 * right, for playback, export and holds alike.
 */
class FootageRegimeIT {
    private static final String POLICE_ONLY = "gemeentewet-151c";
    private static final String AVG = "avg-building-security";

    @TempDir
    Path tmp;

    private static String q(Instant i) {
        return URLEncoder.encode(i.toString(), StandardCharsets.UTF_8);
    }

    private static String playlist(Instant from, Instant to) {
        return "/api/v1/cameras/plein/playback.m3u8?from=" + q(from) + "&to=" + q(to) + "&purpose=onderzoek+incident";
    }

    private static List<JsonNode> complete(Http who) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode s : Http.json(who.get("/api/v1/cameras/plein/recordings?from="
                + q(Instant.now().minusSeconds(600)))).path("segments")) {
            if (s.path("complete").asBoolean()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Polls the camera's segments until {@code n} complete ones start at or after {@code since}. */
    private static List<JsonNode> awaitSegments(Http who, Instant since, int n) throws Exception {
        return Await.value(Duration.ofSeconds(60), () -> n + " complete segments from " + since + "; recorded: "
                + complete(who), () -> {
                    List<JsonNode> after = complete(who).stream()
                            .filter(s -> !Instant.parse(s.path("start").asText()).isBefore(since)).toList();
                    return after.size() >= n ? after : null;
                });
    }

    /**
     * The processing activities of the lines a delivery wrote (in the order of their regimes' ids), found by its
     * trace: that of the newest playback or export entry, written before the answer came.
     */
    private static List<String> activities(AuditTrail trail, HttpResponse<String> delivery) throws Exception {
        assertTrue(delivery.statusCode() == 200 || delivery.statusCode() == 202, delivery.body());
        JsonNode entry = Http.json(trail.auditor().get("/api/v1/audit/entries?limit=1&action="
                + (delivery.statusCode() == 200 ? "playback" : "export"))).path("entries").get(0);
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode line : Http.json(trail.auditor().get("/api/v1/audit/processing?trace="
                + entry.path("traceId").asText()))) {
            out.add(line.path("attributes").path("dpl.core.processing_activity_id").asText());
        }
        return out;
    }

    @Test
    void footageKeepsTheRegimeItWasRecordedUnder() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start();
             Gateway gateway = Gateway.start(new ConfigLoader(Logins.ENV, tmp).parse(TestGateway.LOOPBACK_CAMERAS
                     + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                     + "passthrough: {allowCameras: [plein]}\n" + Logins.FAST_AUTH, "test.yaml", null,
                     new Overrides(0, tmp.resolve("storage"), null)))) {
            Http http = new Http(gateway.baseUrl());
            Http integrator = Logins.user(http, "ina", "integrator", List.of());
            Http operator = Logins.user(http, "olga", "operator", List.of("plein"));
            Http police = Logins.user(http, "piet", "police", List.of("plein"));
            Http admin = Logins.admin(http);
            AuditTrail trail = new AuditTrail(Logins.user(http, "audrey", "auditor", List.of()));
            Map<String, Object> camera = new LinkedHashMap<>(Map.of("id", "plein", "name", "Plein",
                    "url", sim.url(CameraSimulator.SMALL), "legalRegime", POLICE_ONLY, "mode", "passthrough"));
            assertEquals(201, integrator.post("/api/v1/cameras", camera).statusCode());
            List<JsonNode> before = awaitSegments(integrator, Instant.EPOCH, 2);
            Instant oldFrom = Instant.parse(before.get(0).path("start").asText());
            Instant oldTo = Instant.parse(before.get(before.size() - 1).path("end").asText());

            camera.put("legalRegime", AVG);
            HttpResponse<String> byIntegrator = integrator.put("/api/v1/cameras/plein", camera);
            assertEquals(403, byIntegrator.statusCode(), "a regime change is not an integrator's: " + byIntegrator.body());
            long seq = trail.lastSeq();
            Instant changed = Instant.now();
            HttpResponse<String> byAdmin = admin.put("/api/v1/cameras/plein/legal-regime",
                    Map.of("legalRegime", AVG, "reason", "besluit burgemeester 2026-12: geen 151c meer"));
            assertEquals(200, byAdmin.statusCode(), byAdmin.body());
            JsonNode entry = trail.entriesAfter(seq).stream().filter(e -> e.path("action").asText()
                    .equals("camera.regime")).findFirst().orElseThrow();
            assertEquals("admin", entry.path("actorName").asText());
            assertTrue(entry.path("detail").asText().startsWith("from=" + POLICE_ONLY + " to=" + AVG + " reason="),
                    entry.toString());

            // The second segment after the change: the first may touch the last one of the old session by a few
            // milliseconds at the seam, and then its range holds footage of both regimes.
            List<JsonNode> after = awaitSegments(integrator, changed, 2);
            Instant newFrom = Instant.parse(after.get(1).path("start").asText());
            Instant newTo = Instant.parse(after.get(1).path("end").asText());

            assertEquals(403, operator.get(playlist(oldFrom, oldTo)).statusCode(), "151c footage stays police-only");
            assertEquals(200, police.get(playlist(oldFrom, oldTo)).statusCode());
            assertEquals(200, operator.get(playlist(newFrom, newTo)).statusCode(), "new footage is the new regime's");
            assertEquals(403, operator.get(playlist(oldFrom, newTo)).statusCode(), "across: the stricter right");
            assertEquals(403, operator.post("/api/v1/cameras/plein/exports?from=" + q(oldFrom) + "&to=" + q(oldTo)
                    + "&purpose=onderzoek+incident", "{}").statusCode());
            assertEquals(403, operator.post("/api/v1/cameras/plein/holds", Map.of("from", oldFrom.toString(),
                    "to", oldTo.toString(), "reason", "zaak 17 bewaren", "expiresAt",
                    Instant.now().plusSeconds(86_400).toString())).statusCode());
            List<String> denied = trail.entriesAfter(seq).stream()
                    .filter(e -> e.path("result").asText().equals("denied") && e.path("actorName").asText().equals("olga"))
                    .map(e -> e.path("action").asText()).toList();
            assertTrue(denied.containsAll(List.of("playback", "export", "legal_hold.set")), denied.toString());

            // The processing log names the regime the delivered footage was recorded under, not the camera's now
            // (D87): the old footage is 151c's activity, a range across the change both activities, one line each.
            String policeOnly = gateway.config().audit().activityOf(POLICE_ONLY);
            String avg = gateway.config().audit().activityOf(AVG);
            assertEquals(List.of(policeOnly), activities(trail, police.get(playlist(oldFrom, oldTo))));
            assertEquals(List.of(avg), activities(trail, operator.get(playlist(newFrom, newTo))));
            assertEquals(List.of(avg, policeOnly), activities(trail, police.get(playlist(oldFrom, newTo))));
            assertEquals(List.of(avg, policeOnly), activities(trail, police.post("/api/v1/cameras/plein/exports?from="
                    + q(oldFrom) + "&to=" + q(newTo) + "&purpose=onderzoek+incident", "{}")));
        }
    }
}
