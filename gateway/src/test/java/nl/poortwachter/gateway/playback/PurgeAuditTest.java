package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.AuditOutage;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.LogCapture;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No deletion without its entry: a purge does not wait for the audit log (the storage reserve must free space
 * while it is down), and its {@code retention.delete} entry follows once the log takes entries again, or at the
 * next start if the gateway stopped first. Exactly once, at the time the purge happened, with the chain whole.
 */
class PurgeAuditTest {
    /** Footage of a camera the gateway does not know: it goes under the default retention (28 days). */
    static final String CAMERA = "oud";
    static final int SEGMENTS = 3;

    @TempDir
    Path tmp;

    @Test
    void aPurgeDuringAnAuditOutageIsLoggedOnceWhenTheOutageEnds() throws Exception {
        plantExpiredFootage();
        JsonNode purge;
        long before;
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(gateway.baseUrl());
            Http admin = Logins.admin(anonymous);
            AuditTrail trail = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of()));
            before = trail.lastSeq();

            try (LogCapture log = new LogCapture();
                 AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                purge = purgeNow(admin);
                // The entry was tried and refused: what follows is the late write, not a wait for the lock.
                log.awaitLine("deletion entries not written to the audit log yet");
            }

            JsonNode entry = theOneEntry(trail, before, gateway.config().databaseFile());
            assertEntryOf(purge, entry);
        }
        // What a crash after the entry was committed and before the purge was marked would leave.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("storage").resolve("index.db"));
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE purge SET audited_ms = NULL"));
        }
        try (Gateway restarted = TestGateway.start(tmp, "")) {
            AuditTrail trail = auditor(restarted);
            // The start-up round has run once the purge is marked again: it found the entry in the log.
            awaitAudited(restarted.config().databaseFile());
            assertEquals(1, deletions(trail, before).size(), "no second entry after a restart");
        }
    }

    @Test
    void aPurgeWhoseEntryTheGatewayStoppedBeforeIsLoggedOnceAtTheNextStart() throws Exception {
        plantExpiredFootage();
        JsonNode purge;
        long before;
        Gateway gateway = TestGateway.start(tmp, "");
        boolean stopped = false;
        try {
            Http anonymous = new Http(gateway.baseUrl());
            Http admin = Logins.admin(anonymous);
            before = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of())).lastSeq();
            try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
                purge = purgeNow(admin);
                gateway.close(); // stopped before the entry could be written
                stopped = true;
            }
        } finally {
            if (!stopped) {
                gateway.close();
            }
        }
        try (Gateway restarted = TestGateway.start(tmp, "")) {
            AuditTrail trail = auditor(restarted);
            assertEntryOf(purge, theOneEntry(trail, before, restarted.config().databaseFile()));
        }
    }

    /** Three hourly segments of 60 days ago in the index the gateway will open, each a small file. */
    private void plantExpiredFootage() throws Exception {
        StorageLayout layout = new StorageLayout(tmp.resolve("storage"));
        IndexDatabase index = IndexDatabase.open(layout.root().resolve("index.db"));
        try {
            Instant from = Instant.now().minus(Duration.ofDays(60));
            for (int h = 0; h < SEGMENTS; h++) {
                long start = from.plus(Duration.ofHours(h)).toEpochMilli();
                Path file = layout.segmentFile(CAMERA, start);
                Files.createDirectories(file.getParent());
                Files.write(file, new byte[1000]);
                long id = index.segments().openSegment(CAMERA, "s1", start, layout.relative(file), "h264", 640, 360);
                index.segments().completeSegment(id, 1000, start + 60_000, List.of(new SeekPoint(0, 1000, 0, start, true)));
            }
        } finally {
            index.close();
        }
    }

    /** Runs the purge while the audit log cannot write: the footage goes all the same. */
    private static JsonNode purgeNow(Http admin) throws Exception {
        var r = admin.post("/api/v1/retention/purge", Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode purges = Http.json(r);
        assertEquals(1, purges.size(), purges.toString());
        assertEquals(SEGMENTS, purges.path(0).path("files").asInt(), purges.toString());
        return purges.path(0);
    }

    private static AuditTrail auditor(Gateway gateway) throws Exception {
        Http anonymous = new Http(gateway.baseUrl());
        return new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", Logins.password("audrey"))));
    }

    /**
     * The purge's one entry. The purge is marked audited only after its entry is durable, and no round writes an
     * entry for a marked purge: so once it is marked, every entry that will ever be written for it is in the log.
     */
    private static JsonNode theOneEntry(AuditTrail trail, long before, Path index) throws Exception {
        awaitAudited(index);
        List<JsonNode> entries = deletions(trail, before);
        assertEquals(1, entries.size(), entries.toString());
        JsonNode report = trail.verify();
        assertTrue(report.path("ok").asBoolean(), "the chain is whole: " + report);
        return entries.get(0);
    }

    /** Waits until no purge in the index owes its audit entry (read beside the running gateway). */
    private static void awaitAudited(Path index) throws Exception {
        Await.until(Duration.ofSeconds(45), "every purge marked audited", () -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + index);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM purge WHERE audited_ms IS NULL")) {
                return rs.getLong(1) == 0;
            }
        });
    }

    private static List<JsonNode> deletions(AuditTrail trail, long before) throws Exception {
        return trail.entriesAfter(before).stream().filter(e -> e.path("action").asText().equals("retention.delete"))
                .toList();
    }

    private static void assertEntryOf(JsonNode purge, JsonNode entry) {
        assertEquals(CAMERA, entry.path("objectId").asText(), entry.toString());
        String expected = "purge_id=" + purge.path("id").asLong() + " policy=retention files=" + SEGMENTS + " ";
        assertTrue(entry.path("detail").asText().startsWith(expected), entry.toString());
        assertEquals(Instant.parse(purge.path("finishedAt").asText()).toEpochMilli(), entry.path("timeMillis").asLong(),
                "the entry says when the purge happened, not when it was written");
        assertEquals(Instant.parse(purge.path("from").asText()).toEpochMilli(), entry.path("rangeFrom").asLong());
        assertEquals(Instant.parse(purge.path("to").asText()).toEpochMilli(), entry.path("rangeTo").asLong());
    }
}
