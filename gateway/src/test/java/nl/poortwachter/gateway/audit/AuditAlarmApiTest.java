package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 4 and 5 through the running gateway: after the tail of audit.db was cut while it was down, the
 * gateway starts with the alarm on (/health, the metric, the status page's answer), refuses what needs an entry with 503, lets the
 * administrator log in and acknowledge, and then records again; the auditor's verify still names the first missing
 * entry, shows the signing key's fingerprint and fails when the auditor pins another key. The checkpoints also went
 * to an anchor file outside the storage folder.
 */
class AuditAlarmApiTest {
    @TempDir
    Path tmp;

    private Gateway start() throws Exception {
        return TestGateway.startAnchored(tmp);
    }

    @Test
    void aCutLogIsAnAlarmUntilTheAdministratorAcknowledgesIt() throws Exception {
        long last;
        String fingerprint;
        Path auditDb;
        try (Gateway gateway = start()) {
            Http anonymous = new Http(gateway.baseUrl());
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            Logins.user(anonymous, "ina", "integrator", List.of());
            Logins.user(anonymous, "olga", "operator", List.of());
            last = trail.lastSeq();
            JsonNode key = Http.json(trail.auditor().get("/api/v1/audit/signing-key"));
            fingerprint = key.path("sha256").asText();
            assertEquals(64, fingerprint.length(), key.toString());
            JsonNode intact = trail.verify();
            assertTrue(intact.path("ok").asBoolean(), intact.toString());
            assertEquals(fingerprint, intact.path("keySha256").asText());
            JsonNode pinnedOwn = Http.json(trail.auditor().post("/api/v1/audit/verify",
                    Map.of("pinnedKeys", List.of(fingerprint))));
            assertTrue(pinnedOwn.path("ok").asBoolean() && pinnedOwn.path("pinned").asBoolean(), pinnedOwn.toString());
            JsonNode pinnedOther = Http.json(trail.auditor().post("/api/v1/audit/verify",
                    Map.of("pinnedKeys", List.of("0".repeat(64)))));
            assertFalse(pinnedOther.path("ok").asBoolean(), pinnedOther.toString());
            assertTrue(pinnedOther.path("problem").asText().contains("not a pinned key"), pinnedOther.toString());
            auditDb = gateway.config().audit().file();
        }
        assertTrue(Files.readString(tmp.resolve("anchor").resolve("cp.jsonl")).contains("\"seq\":" + last),
                "the shutdown checkpoint reached the anchor");
        long cutFrom = last - 2;
        AuditFixture.tamper(auditDb, "DELETE FROM audit_entry WHERE seq >= " + cutFrom);

        try (Gateway gateway = start()) {
            Http anonymous = new Http(gateway.baseUrl());
            JsonNode health = Http.json(anonymous.get("/health"));
            assertEquals("DEGRADED", health.path("status").asText(), health.toString());
            assertEquals("cut", health.path("auditLog").path("alarm").get(0).asText(), health.toString());
            Http admin = Logins.admin(anonymous);
            assertTrue(admin.get("/metrics").body().contains("audit_log_alarm 1.0"), "the alarm metric");
            // The status page's answer names the alarm, what was found, since when, and how it ends.
            JsonNode status = Http.json(admin.get("/api/v1/status"));
            assertEquals("DEGRADED", status.path("status").asText(), status.toString());
            JsonNode alarm = status.path("audit").path("alarm");
            assertEquals("[\"cut\"]", alarm.path("kinds").toString(), status.toString());
            assertEquals(health.path("auditLog").path("since").asText(), alarm.path("since").asText());
            assertEquals("cut", alarm.path("problems").get(0).path("kind").asText());
            assertFalse(alarm.path("problems").get(0).path("message").asText().isBlank(), alarm.toString());
            assertTrue(alarm.path("acknowledge").asText().contains("/api/v1/audit/alarm/acknowledge"), alarm.toString());

            Http integrator = anonymous.as(Logins.token(anonymous, "ina", Logins.password("ina")));
            HttpResponse<String> refused = integrator.post("/api/v1/cameras", TestGateway.camera("cam-1",
                    "avg-building-security"));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("audit_unavailable"), refused.body());

            HttpResponse<String> noReason = admin.post("/api/v1/audit/alarm/acknowledge", Map.of("reason", "ok"));
            assertEquals(400, noReason.statusCode(), noReason.body());
            HttpResponse<String> ack = admin.post("/api/v1/audit/alarm/acknowledge",
                    Map.of("reason", "audit.db restored from the nightly backup; incident 2026-17"));
            assertEquals(200, ack.statusCode(), ack.body());
            assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("cam-1", "avg-building-security"))
                    .statusCode());
            HttpResponse<String> again = admin.post("/api/v1/audit/alarm/acknowledge",
                    Map.of("reason", "audit.db restored from the nightly backup; incident 2026-17"));
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("UP", Http.json(anonymous.get("/health")).path("status").asText());
            JsonNode cleared = Http.json(admin.get("/api/v1/status")).path("audit");
            assertTrue(cleared.path("ok").asBoolean() && cleared.path("alarm").isMissingNode(),
                    "no alarm once acknowledged: " + cleared);

            AuditTrail trail = new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", Logins.password("audrey"))));
            JsonNode report = trail.verify();
            assertFalse(report.path("ok").asBoolean(), report.toString());
            assertEquals(cutFrom, report.path("firstBadSeq").asLong(), "the first entry cut off: " + report);
            List<String> actions = trail.entriesAfter(last).stream().map(e -> e.path("action").asText()).toList();
            assertTrue(actions.contains(LogEvents.ALARM) && actions.contains(LogEvents.ACKNOWLEDGE), actions.toString());
        }
    }
}
