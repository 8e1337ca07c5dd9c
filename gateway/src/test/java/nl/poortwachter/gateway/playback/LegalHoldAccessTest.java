package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who sets and releases legal holds (docs/decisions.md D85), through the API of a running gateway: police on the
 * cameras granted to them (151c included), admins on every camera without grants, operators never (they still see
 * what is held). Each hold change and each refusal is in the audit log with its actor; a refused hold is not set.
 * (What a hold does to retention is RetentionTest's; hold and release with recorded footage, PlaybackApiIT's.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegalHoldAccessTest {
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http operator;
    private Http police;
    private Http admin;
    private AuditTrail trail;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        Http anonymous = new Http(gateway.baseUrl());
        Http integrator = Logins.user(anonymous, "inge", "integrator", List.of());
        for (var cam : Map.of("plein", "gemeentewet-151c", "hal", "avg-building-security").entrySet()) {
            assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera(cam.getKey(), cam.getValue()))
                    .statusCode());
        }
        operator = Logins.user(anonymous, "olga", "operator", List.of("plein", "hal"));
        police = Logins.user(anonymous, "piet", "police", List.of("plein"));
        admin = Logins.admin(anonymous);
        trail = new AuditTrail(Logins.user(anonymous, "aart", "auditor", List.of()));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static ObjectNode hold(String reason) {
        Instant from = Instant.now().minus(Duration.ofHours(2));
        ObjectNode h = Http.JSON.createObjectNode();
        h.put("from", from.toString());
        h.put("to", from.plus(Duration.ofMinutes(30)).toString());
        h.put("reason", reason);
        h.put("caseNumber", "2026-0815");
        h.put("expiresAt", Instant.now().plus(Duration.ofDays(180)).toString());
        return h;
    }

    @Test
    void policeOnTheirCamerasAndAdminsOnAllSetAndReleaseHoldsOperatorsDoNot() throws Exception {
        long seq = trail.lastSeq();

        HttpResponse<String> byOperator = operator.post("/api/v1/cameras/hal/holds", hold("melding fietsendiefstal"));
        assertEquals(403, byOperator.statusCode(), byOperator.body());
        assertEquals("role", Http.json(byOperator).path("reason").asText(), byOperator.body());

        HttpResponse<String> byPolice = police.post("/api/v1/cameras/plein/holds", hold("vordering officier van justitie"));
        assertEquals(201, byPolice.statusCode(), byPolice.body());
        assertEquals("piet", Http.json(byPolice).path("requester").asText());
        long policeHold = Http.json(byPolice).path("id").asLong();
        HttpResponse<String> notGranted = police.post("/api/v1/cameras/hal/holds", hold("vordering officier van justitie"));
        assertEquals(403, notGranted.statusCode(), notGranted.body());
        assertEquals("no_grant", Http.json(notGranted).path("reason").asText(), notGranted.body());

        HttpResponse<String> byAdmin = admin.post("/api/v1/cameras/hal/holds", hold("verzoek juridische zaken"));
        assertEquals(201, byAdmin.statusCode(), byAdmin.body());
        assertEquals(Logins.ADMIN, Http.json(byAdmin).path("requester").asText());
        long adminHold = Http.json(byAdmin).path("id").asLong();

        // Only the two holds exist: the operator's refused one was not set. The operator sees them, the admin too.
        assertEquals(1, Http.json(operator.get("/api/v1/cameras/hal/holds?active=true")).size());
        JsonNode plein = Http.json(admin.get("/api/v1/cameras/plein/holds?active=true"));
        assertEquals(1, plein.size(), plein.toString());
        assertEquals(policeHold, plein.get(0).path("id").asLong());

        // The admin releases the police hold (a case closed, told by letter); the operator cannot release one.
        HttpResponse<String> refusedRelease = operator.post("/api/v1/cameras/hal/holds/" + adminHold + "/release",
                Map.of("reason", "niet meer nodig"));
        assertEquals(403, refusedRelease.statusCode(), refusedRelease.body());
        HttpResponse<String> released = admin.post("/api/v1/cameras/plein/holds/" + policeHold + "/release",
                Map.of("reason", "zaak gesloten volgens brief OvJ"));
        assertEquals(200, released.statusCode(), released.body());
        assertEquals(Logins.ADMIN, Http.json(released).path("releasedBy").asText(), released.body());
        assertEquals(0, Http.json(police.get("/api/v1/cameras/plein/holds?active=true")).size());
        assertEquals(1, Http.json(admin.get("/api/v1/cameras/hal/holds?active=true")).size(), "still held");

        List<String> written = trail.entriesAfter(seq).stream()
                .filter(e -> e.path("action").asText().startsWith("legal_hold.") && !e.path("action").asText().endsWith(".list"))
                .map(e -> e.path("actorName").asText() + " " + e.path("action").asText() + " " + e.path("objectId").asText()
                        + " " + e.path("result").asText())
                .toList();
        assertEquals(List.of("olga legal_hold.set hal denied", "piet legal_hold.set plein ok",
                "piet legal_hold.set hal denied", "admin legal_hold.set hal ok", "olga legal_hold.release hal denied",
                "admin legal_hold.release plein ok"), written);
    }

    @Test
    void theLoginSaysWhoMayHoldSoThePagesShowTheHoldFormOnlyToThem() throws Exception {
        assertTrue(permissions(police).contains("legal_hold"));
        assertTrue(permissions(admin).contains("legal_hold"));
        assertFalse(permissions(operator).contains("legal_hold"));
        assertTrue(permissions(operator).contains("export"), "an operator who may export still may not hold");
        assertFalse(permissions(trail.auditor()).contains("legal_hold"));
        // Admins see when footage exists (to select a range to hold), never the footage itself.
        assertTrue(permissions(admin).contains("recordings_index") && !permissions(admin).contains("playback"));
    }

    private static List<String> permissions(Http user) throws Exception {
        JsonNode me = Http.json(user.get("/api/v1/auth/me"));
        return StreamSupport.stream(me.path("permissions").spliterator(), false).map(JsonNode::asText).toList();
    }
}
