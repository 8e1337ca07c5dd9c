package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes of a cluster write the audit log of one PostgreSQL database at the same time (D71): their entries form
 * one chain, in commit order, with no gap and no number twice, which one call verifies; every node reads the same
 * entries; a cluster log is as append-only and as tamper-evident as a file.
 */
class ClusterAuditChainTest {
    @TempDir
    Path dir;

    @Test
    void threeWritersAppendOneChainThatVerifies() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        // The nodes share one signing key (docs/cluster.md): checkpoints of any node verify with it.
        SigningKey key = SigningKey.loadOrCreate(dir.resolve("keys"));
        List<AuditStore> stores = new ArrayList<>();
        List<AuditWriter> writers = new ArrayList<>();
        List<AuditLog> logs = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            AuditStore store = AuditStore.open(dbs.connector("audit", AuditStore.SQLITE), "storage-" + n);
            AuditWriter writer = new AuditWriter(store, key, Clock.systemUTC(), 50, Duration.ofHours(1));
            stores.add(store);
            writers.add(writer);
            logs.add(new AuditLog(writer, Clock.systemUTC(), r -> "urn:test:" + r, Map.of("name", "node-" + n)));
        }
        try {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                for (int n = 0; n < 3; n++) {
                    pending.add(logs.get(n).camera(AuditFixture.ctx("ina", "integrator"), "camera.update",
                            "cam-" + n, AuditLog.OK, "i=" + i));
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
            for (AuditWriter w : writers) {
                w.checkpointNow().get();
            }

            VerifyReport report = new ChainVerifier(stores.get(2), key.publicKey()).verify(null);
            assertTrue(report.ok(), report.toString());
            assertEquals(450, report.entries());
            assertEquals(450, report.lastSeq());
            assertEquals(450, report.lastCheckpoint(), "the last checkpoint covers every node's entries");
            AuditQuery all = new AuditQuery(null, null, null, null, null, null, null, 1000, true);
            List<AuditEntry> seen = stores.get(0).query(all);
            for (AuditStore s : stores) {
                assertEquals(seen, s.query(all), "every node reads the same log");
            }
            for (int n = 0; n < 3; n++) {
                String cam = "cam-" + n;
                assertEquals(150, seen.stream().filter(e -> cam.equals(e.objectId())).count());
            }

            try (Connection c = dbs.raw("audit"); Statement s = c.createStatement()) {
                assertThrows(() -> s.execute("UPDATE audit_entry SET result = 'ok'"));
                assertThrows(() -> s.execute("DELETE FROM checkpoint"));
                // Someone with the database's owner role drops the guard and edits an entry: the chain names it.
                s.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
                s.execute("UPDATE audit_entry SET object_id = 'cam-x' WHERE seq = 200");
            }
            VerifyReport tampered = new ChainVerifier(stores.get(1), key.publicKey()).verify(null);
            assertFalse(tampered.ok());
            assertEquals(200L, tampered.firstBadSeq(), tampered.toString());
        } finally {
            for (int n = 0; n < 3; n++) {
                writers.get(n).close();
                stores.get(n).close();
            }
        }
    }

    private interface Sql {
        void run() throws SQLException;
    }

    private static void assertThrows(Sql sql) {
        try {
            sql.run();
        } catch (SQLException e) {
            return;
        }
        throw new AssertionError("the statement was allowed");
    }
}
