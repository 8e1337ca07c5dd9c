package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.ForeignDatabaseException;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit log written before the numbered migrations (no version; test resource historic/audit-unversioned.sql is
 * the old code's DDL verbatim) is recognised and brought to the newest version: its chain still verifies, and its
 * schema is that of a fresh log. Each step is its own transaction.
 */
class AuditUpgradeTest {
    static final String STORAGE_ID = "0d1a5e3c-3f43-4b8e-8f3a-6b5d3b7c9e21";

    @TempDir
    Path dir;

    /** A valid chain of five entries and a checkpoint, moved into a database laid out as the old code did. */
    private Path historicLog() throws Exception {
        Path made = dir.resolve("made");
        try (AuditFixture f = new AuditFixture(made, Clock.systemUTC(), 1000)) {
            for (int i = 0; i < 5; i++) {
                f.log.camera(AuditFixture.ctx("ina", "integrator"), "camera.update", "cam-" + i, AuditLog.OK, "n=" + i).get();
            }
            f.log.checkpointNow().get();
        }
        Path old = dir.resolve("old").resolve("audit.db");
        java.nio.file.Files.createDirectories(old.getParent());
        SqliteFiles.runScript(old, "historic/audit-unversioned.sql");
        SqliteFiles.execute(old, "ATTACH DATABASE '" + made.resolve("audit.db") + "' AS made",
                "INSERT INTO audit_entry SELECT * FROM made.audit_entry",
                "INSERT INTO checkpoint SELECT * FROM made.checkpoint",
                "INSERT INTO processing SELECT * FROM made.processing");
        java.nio.file.Files.move(made.resolve("keys"), old.resolveSibling("keys"));
        assertEquals(0, SqliteFiles.number(old, "PRAGMA user_version"));
        return old;
    }

    private List<String> freshSchema() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        new AuditStore(fresh, STORAGE_ID).close();
        return SqliteFiles.schema(fresh);
    }

    @Test
    void anUnversionedLogMigratesVerifiesAndHasTheSchemaOfAFreshOne() throws Exception {
        Path old = historicLog();
        try (AuditStore store = new AuditStore(old, STORAGE_ID)) {
            SigningKey key = SigningKey.loadOrCreate(old.resolveSibling("keys"));
            VerifyReport r = new ChainVerifier(store, key.publicKey()).verify(null);
            assertTrue(r.ok(), r.toString());
            assertEquals(5, r.entries());
            assertEquals(5, r.lastCheckpoint());
        }
        assertEquals(AuditStore.SCHEMA.version(), SqliteFiles.number(old, "PRAGMA user_version"));
        assertEquals(freshSchema(), SqliteFiles.schema(old));
        assertEquals(STORAGE_ID, SqliteFiles.text(old, "SELECT storage_id FROM storage_binding"));
        // And it still refuses to change history.
        assertThrows(java.sql.SQLException.class, () -> SqliteFiles.execute(old, "DELETE FROM audit_entry"));
    }

    @Test
    void eachStepIsItsOwnTransaction() throws Exception {
        Path old = historicLog();
        SqliteFiles.execute(old, "CREATE TABLE storage_binding (x INTEGER)"); // makes step 2 fail
        DatabaseException e = assertThrows(DatabaseException.class, () -> new AuditStore(old, STORAGE_ID));
        assertTrue(e.getMessage().contains("db/audit/V2__storage_binding.sql failed and was undone"), e.getMessage());
        assertEquals(1, SqliteFiles.number(old, "PRAGMA user_version"), "step 1 (recognising the old log) stands");
        SqliteFiles.execute(old, "DROP TABLE storage_binding");
        new AuditStore(old, STORAGE_ID).close();
        assertEquals(freshSchema(), SqliteFiles.schema(old));
    }

    @Test
    void aLogOfAnotherStorageFolderIsRefused() throws Exception {
        Path file = dir.resolve("audit.db");
        new AuditStore(file, STORAGE_ID).close();
        ForeignDatabaseException e = assertThrows(ForeignDatabaseException.class,
                () -> new AuditStore(file, "99999999-9999-4999-8999-999999999999"));
        assertTrue(e.getMessage().startsWith("audit database " + file + " belongs to storage folder " + STORAGE_ID),
                e.getMessage());
    }

    /** Today's durability, exactly: every commit synced (FULL), and SQLite's default 3 s before an outage shows. */
    @Test
    void theLogIsOpenedWithFullSync() throws Exception {
        try (var c = AuditStore.connector(dir.resolve("audit.db")).openWriter(); var s = c.createStatement()) {
            assertEquals("wal", value(s, "PRAGMA journal_mode"));
            assertEquals("2", value(s, "PRAGMA synchronous"), "FULL");
            assertEquals("3000", value(s, "PRAGMA busy_timeout"));
        }
    }

    static String value(java.sql.Statement s, String pragma) throws Exception {
        try (var rs = s.executeQuery(pragma)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

}
