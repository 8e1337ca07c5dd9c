package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with write access to audit.db edits, deletes, swaps or cuts off entries: verification fails and names
 * the first bad entry. Ten entries with a signed checkpoint after every fourth (seq 4, 8) and one at the end.
 */
class TamperTest {
    @TempDir
    Path dir;

    private AuditFixture tenEntries() throws Exception {
        return AuditFixture.tenEntries(dir);
    }

    @Test
    void intactLogVerifies() throws Exception {
        try (AuditFixture f = tenEntries()) {
            VerifyReport r = f.verify();
            assertTrue(r.ok(), r.toString());
            assertEquals(10, r.entries());
            assertEquals(10, r.lastCheckpoint(), "the final checkpoint covers everything");
            assertTrue(r.checkpoints() >= 3, r.toString());
        }
    }

    @Test
    void codeCannotUpdateOrDeleteEntries() throws Exception {
        try (AuditFixture f = tenEntries()) {
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit.db"))) {
                assertThrows(SQLException.class, () -> c.createStatement().execute("UPDATE audit_entry SET result='ok'"));
                assertThrows(SQLException.class, () -> c.createStatement().execute("DELETE FROM audit_entry"));
                assertThrows(SQLException.class, () -> c.createStatement().execute("DELETE FROM checkpoint"));
            }
        }
    }

    @Test
    void editedEntryIsNamed() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.tamper("UPDATE audit_entry SET object_id = 'cam-other' WHERE seq = 6");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(6L, r.firstBadSeq(), r.toString());
            assertTrue(r.problem().contains("does not match its hash"), r.problem());
        }
    }

    @Test
    void deletedEntryIsNamed() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.tamper("DELETE FROM audit_entry WHERE seq = 3");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(3L, r.firstBadSeq(), r.toString());
            assertTrue(r.problem().contains("missing"), r.problem());
        }
    }

    @Test
    void deletedAndRenumberedEntryBreaksTheChain() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.tamper("DELETE FROM audit_entry WHERE seq = 3", "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(3L, r.firstBadSeq(), r.toString());
        }
    }

    @Test
    void swappedEntriesAreNamed() throws Exception {
        try (AuditFixture f = tenEntries()) {
            // Entries 5 and 7 trade places: each keeps its content and hash, the positions (seq) are exchanged.
            f.tamper("UPDATE audit_entry SET seq = -5 WHERE seq = 5", "UPDATE audit_entry SET seq = 5 WHERE seq = 7",
                    "UPDATE audit_entry SET seq = 7 WHERE seq = -5");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(5L, r.firstBadSeq(), r.toString());
        }
    }

    @Test
    void cutOffTailIsCaughtByTheLastSignedCheckpoint() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.tamper("DELETE FROM audit_entry WHERE seq > 7");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(8L, r.firstBadSeq(), r.toString());
            assertTrue(r.problem().contains("cut off"), r.problem());
            assertEquals(7, r.lastSeq());
        }
    }

    @Test
    void cutOffTailWithItsCheckpointsIsCaughtByTheAuditorsCopy() throws Exception {
        try (AuditFixture f = tenEntries()) {
            Checkpoint kept = f.store.checkpoints().get(f.store.checkpoints().size() - 1);
            f.tamper("DELETE FROM audit_entry WHERE seq > 7", "DELETE FROM checkpoint WHERE seq > 7");
            assertTrue(f.verify().ok(), "without a checkpoint beyond the cut the chain itself looks whole");
            VerifyReport r = new ChainVerifier(f.store, f.key.publicKey()).verify(kept);
            assertFalse(r.ok());
            assertEquals(8L, r.firstBadSeq(), r.toString());
        }
    }

    @Test
    void rewrittenChainDisagreesWithTheCheckpoint() throws Exception {
        try (AuditFixture f = tenEntries()) {
            // Edit entry 6 and recompute every hash from there: the chain is consistent, the checkpoint at 8 is not.
            f.tamper(f.rechained(6, "someone-else"));
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(5L, r.firstBadSeq(), "the first entry after the last checkpoint that still holds: " + r);
            assertTrue(r.problem().contains("checkpoint"), r.problem());
        }
    }

    @Test
    void forgedCheckpointSignatureIsReported() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.tamper("UPDATE checkpoint SET signature = 'AAAA' WHERE seq = 4");
            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertTrue(r.problem().contains("invalid signature"), r.problem());
        }
    }

    @Test
    void concurrentAppendsFormOneChainWithoutGaps() throws Exception {
        try (AuditFixture f = new AuditFixture(dir, Clock.systemUTC(), 1000)) {
            List<CompletableFuture<AuditEntry>> all = new java.util.ArrayList<>();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            for (int i = 0; i < 2000; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> f.log.camera(AuditFixture.ctx("u" + (n % 8), "integrator"),
                        "camera.update", "cam", AuditLog.OK, null), pool).thenCompose(x -> x));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            pool.shutdown();
            assertEquals(2000, all.stream().map(CompletableFuture::join).mapToLong(AuditEntry::seq).distinct().count());
            VerifyReport r = f.verify();
            assertTrue(r.ok(), r.toString());
            assertEquals(2000, r.lastSeq());
        }
    }

    @Test
    void restartContinuesTheChain() throws Exception {
        try (AuditFixture f = tenEntries()) {
            f.writer.close();
        }
        try (AuditFixture again = new AuditFixture(dir, Clock.systemUTC(), 4)) {
            AuditEntry e = again.log.logout(AuditFixture.ctx("ina", "integrator"), "abc").get();
            assertEquals(11, e.seq());
            assertTrue(again.verify().ok());
        }
    }
}
