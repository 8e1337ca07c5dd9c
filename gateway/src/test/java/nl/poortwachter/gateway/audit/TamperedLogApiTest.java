package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entry edited in audit.db while the gateway was down (by someone with the file, past the append-only
 * triggers) is found by the auditor's {@code POST /api/v1/audit/verify} after the restart, which names it;
 * {@link TamperTest} covers the kinds of tampering on the log alone.
 */
class TamperedLogApiTest {
    @TempDir
    Path tmp;

    @Test
    void verifyThroughTheApiNamesTheEntryEditedWhileTheGatewayWasDown() throws Exception {
        long edited;
        Path auditDb;
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            Logins.user(anonymous, "olga", "operator", List.of());
            List<JsonNode> entries = trail.entriesAfter(0);
            edited = entries.stream().filter(e -> e.path("action").asText().equals("user.create")
                    && e.path("objectId").asText().equals("olga")).findFirst().orElseThrow().path("seq").asLong();
            assertTrue(entries.get(entries.size() - 1).path("seq").asLong() > edited, "the edit is not at the end");
            assertTrue(trail.verify().path("ok").asBoolean(), "intact before");
            auditDb = gateway.config().audit().file();
        }

        AuditFixture.tamper(auditDb, "UPDATE audit_entry SET detail = 'role=auditor' WHERE seq = " + edited);

        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            AuditTrail trail = new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", Logins.password("audrey"))));
            JsonNode report = trail.verify();
            assertFalse(report.path("ok").asBoolean(), report.toString());
            assertEquals(edited, report.path("firstBadSeq").asLong(), report.toString());
            assertTrue(report.path("problem").asText().contains("does not match its hash"), report.toString());
        }
    }
}
