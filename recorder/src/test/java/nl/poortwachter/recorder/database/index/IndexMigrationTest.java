package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Existing installs open: an index at every version an older gateway wrote (test resources historic/index/, the
 * old code's DDL verbatim) migrates to the newest version, keeps its rows, and ends with the schema of a fresh
 * index. A step that fails half-way leaves the previous version, and the next start succeeds. The settings that
 * make the index durable and its WAL bounded are what the connector opens it with.
 */
class IndexMigrationTest {
    static final String STORAGE_ID = "8f5c7a52-0b7e-4f1e-9a57-3c2b1d0e9f11";

    @TempDir
    Path dir;

    private Path historic(int version) throws Exception {
        Path db = dir.resolve("v" + version + ".db");
        for (int v = 1; v <= version; v++) {
            SqliteFiles.runScript(db, "historic/index/v" + v + ".sql");
        }
        assertEquals(version, SqliteFiles.number(db, "PRAGMA user_version"));
        return db;
    }

    private List<String> freshSchema() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        IndexDatabase.open(fresh, STORAGE_ID).close();
        return SqliteFiles.schema(fresh);
    }

    @Test
    void everyOlderVersionMigratesToTheNewestKeepsItsRowsAndEndsWithTheSchemaOfAFreshIndex() throws Exception {
        List<String> fresh = freshSchema();
        assertTrue(fresh.stream().anyMatch(l -> l.startsWith("table storage_binding")), fresh.toString());
        assertTrue(fresh.stream().anyMatch(l -> l.startsWith("table camera_session")), fresh.toString());
        for (int version = 1; version <= 5; version++) {
            Path db = historic(version);
            try (IndexDatabase index = IndexDatabase.open(db, STORAGE_ID)) {
                CameraSpec gate = index.cameras().find("gate").orElseThrow();
                assertEquals("secret", gate.password(), "credentials kept (v" + version + ")");
                assertEquals(version >= 2 ? PipelineMode.passthrough : PipelineMode.transcode, gate.mode());
                assertEquals(List.of(new SeekPoint(700, 2000, 0, 1000, true), new SeekPoint(2700, 2300, 90000, 2000, true)),
                        index.segments().seekPoints(1));
                assertEquals(1, index.segments().segments("gate", 0, 100_000).size());
                assertEquals(java.util.Set.of(gate.legalRegime()), index.segments().regimes("gate", 0, 100_000),
                        "footage recorded before version 6 takes its camera's regime (v" + version + ")");
                // The register's step: every camera there was is in the register, connected, named by its id.
                var entry = index.register().findByCamera("gate").orElseThrow();
                assertEquals("gate", entry.entry().key());
                assertEquals(gate.location(), entry.entry().location());
                assertEquals(index.cameras().list().size(), index.register().list().size());
                if (version >= 3) {
                    assertEquals("incident", index.holds().hold(1).orElseThrow().reason());
                    PurgeRecord p = index.retention().purge(1).orElseThrow();
                    assertEquals("retention 28 days", p.detail());
                    assertEquals(ExportState.expired, index.exports().export("0123456789abcdef0123456789abcdef")
                            .orElseThrow().state());
                }
            }
            assertEquals(IndexDatabase.SCHEMA.version(), SqliteFiles.number(db, "PRAGMA user_version"));
            assertEquals(fresh, SqliteFiles.schema(db), "schema after migrating from version " + version);
            assertEquals(STORAGE_ID, SqliteFiles.text(db, "SELECT storage_id FROM storage_binding"));
            if (version == 3) {
                // Version 4's data step ran: deletions before it count as audited, and owe no second entry.
                assertEquals(1, SqliteFiles.number(db, "SELECT COUNT(*) FROM purge WHERE id = 1 AND audited_ms = 700"));
                assertEquals(1, SqliteFiles.number(db, "SELECT COUNT(*) FROM export WHERE expiry_audited_ms = 950"));
            }
            if (version == 4) {
                assertEquals(List.of(2L), openAndList(db), "a purge still owed at version 4 stays owed");
            }
            // The session-time step: segments written before it have no media times (their times were anchored the old way).
            assertEquals(1, SqliteFiles.number(db, "SELECT COUNT(*) FROM segment WHERE media_start IS NULL AND media_end IS NULL"));
        }
    }

    private List<Long> openAndList(Path db) {
        try (IndexDatabase index = IndexDatabase.open(db, STORAGE_ID)) {
            return index.retention().unauditedPurges(10).stream().map(PurgeRecord::id).toList();
        }
    }

    @Test
    void whatACrashInsideTheOldUnversionedFirstStepLeftIsCompletedAtTheNextStart() throws Exception {
        Path db = dir.resolve("crashed.db");
        SqliteFiles.runScript(db, "historic/index/v0-crashed-inside-v1.sql");
        assertEquals(0, SqliteFiles.number(db, "PRAGMA user_version"));
        IndexDatabase.open(db, STORAGE_ID).close();
        assertEquals(freshSchema(), SqliteFiles.schema(db));
    }

    @Test
    void aStepThatFailsHalfWayLeavesThePreviousVersionAndTheNextStartSucceeds() throws Exception {
        // Version 3 first adds segment.purge_id and an index, then creates table purge: make that fail.
        Path db = failsThenRecovers(2, "purge", "db/index/sqlite/V3__archive.sql", () -> {
            assertEquals(0, SqliteFiles.number(dir.resolve("v2.db"),
                    "SELECT COUNT(*) FROM pragma_table_info('segment') WHERE name = 'purge_id'"),
                    "the step's first statements were undone with it");
            assertEquals(0, SqliteFiles.number(dir.resolve("v2.db"),
                    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'segment_claimed'"));
        });
        assertEquals(IndexDatabase.SCHEMA.version(), SqliteFiles.number(db, "PRAGMA user_version"));
    }

    @Test
    void theStorageBindingStepFailingLeavesTheIndexAtTheVersionBefore() throws Exception {
        failsThenRecovers(4, "storage_binding", "db/index/V5__storage_binding.sql", () -> { });
    }

    @Test
    void theSessionTimeStepFailingLeavesTheIndexAtTheVersionBefore() throws Exception {
        // The session-time step (V10) first adds segment.media_start/media_end, then creates table camera_session:
        // make that fail. The steps before it succeed, so the index stays at version 9.
        failsThenRecovers(5, 9, "camera_session", "db/index/V10__session_time.sql",
                () -> assertEquals(0, SqliteFiles.number(
                dir.resolve("v5.db"), "SELECT COUNT(*) FROM pragma_table_info('segment') WHERE name LIKE 'media_%'"),
                "the added columns were undone with the step"));
    }

    @Test
    void theSubStreamStepFailingLeavesTheIndexAtTheVersionBeforeAndItsCamerasWithoutOne() throws Exception {
        Path db = failsThenRecovers(5, 10, "camera_sub_stream", "db/index/V11__sub_stream.sql", () -> { });
        try (IndexDatabase index = IndexDatabase.open(db, STORAGE_ID)) {
            assertEquals(null, index.cameras().find("gate").orElseThrow().subStream(), "a camera from before has none");
        }
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /**
     * An index at {@code version} where a table the next step creates is in the way: opening fails, the index stays
     * at {@code version} (checked further by {@code undone}); once the table is gone, the next start succeeds.
     */
    private Path failsThenRecovers(int version, String obstacle, String step, Check undone) throws Exception {
        return failsThenRecovers(version, version, obstacle, step, undone);
    }

    /** As above, from an index at {@code version} whose steps up to {@code stays} succeed first. */
    private Path failsThenRecovers(int version, int stays, String obstacle, String step, Check undone) throws Exception {
        Path db = historic(version);
        SqliteFiles.execute(db, "CREATE TABLE " + obstacle + " (x INTEGER)");
        DatabaseException e = assertThrows(DatabaseException.class, () -> IndexDatabase.open(db, STORAGE_ID));
        assertTrue(e.getMessage().contains(step + " failed and was undone")
                && e.getMessage().contains("stays at schema version " + stays), e.getMessage());
        assertEquals(stays, SqliteFiles.number(db, "PRAGMA user_version"));
        undone.run();
        SqliteFiles.execute(db, "DROP TABLE " + obstacle); // whatever was in the way is gone: the next start
        IndexDatabase.open(db, STORAGE_ID).close();
        assertEquals(freshSchema(), SqliteFiles.schema(db));
        return db;
    }

    @Test
    void anIndexNewerThanThisBuildIsRefusedAndLeftAlone() throws Exception {
        Path db = dir.resolve("newer.db");
        IndexDatabase.open(db, STORAGE_ID).close();
        SqliteFiles.execute(db, "PRAGMA user_version=99");
        List<String> before = SqliteFiles.schema(db);
        DatabaseException e = assertThrows(DatabaseException.class, () -> IndexDatabase.open(db, STORAGE_ID));
        assertTrue(e.getMessage().contains("schema version 99, newer than this gateway knows ("
                + IndexDatabase.SCHEMA.version() + ")"), e.getMessage());
        assertEquals(99, SqliteFiles.number(db, "PRAGMA user_version"));
        assertEquals(before, SqliteFiles.schema(db));
    }

    @Test
    void aNewIndexIsReadableByItsOwnerOnly() throws Exception {
        Path db = dir.resolve("sub").resolve("index.db");
        try (IndexDatabase index = IndexDatabase.open(db, STORAGE_ID)) {
            index.cameras().insert(new CameraSpec("gate", "Poort", "rtsp://192.0.2.1/s", null, null, null, null, null,
                    null, "avg-building-security", 28, true, nl.poortwachter.recorder.camera.Transport.tcp));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
            Path wal = db.resolveSibling("index.db-wal");
            assertTrue(Files.exists(wal), "WAL mode: the write went to the log");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)));
        }
    }

    /**
     * Today's durability, exactly: WAL with synchronous=NORMAL (a commit survives a process crash), foreign keys
     * enforced, 5 s busy timeout, and the WAL checkpointed at 1 MiB and truncated back to it (DiskReserveIT's tmpfs
     * depends on that bound).
     */
    @Test
    void theIndexIsOpenedWithWalNormalSyncAndABoundedLog() throws Exception {
        try (Connection c = IndexDatabase.connector(dir.resolve("index.db")).openWriter();
             Statement s = c.createStatement()) {
            assertEquals("wal", value(s, "PRAGMA journal_mode"));
            assertEquals("1", value(s, "PRAGMA synchronous"), "NORMAL");
            assertEquals("1", value(s, "PRAGMA foreign_keys"));
            assertEquals("5000", value(s, "PRAGMA busy_timeout"));
            assertEquals("256", value(s, "PRAGMA wal_autocheckpoint"), "1 MiB of 4 KiB pages");
            assertEquals(String.valueOf(1 << 20), value(s, "PRAGMA journal_size_limit"));
        }
        try (Connection c = IndexDatabase.connector(dir.resolve("index.db")).openReader();
             Statement s = c.createStatement()) {
            assertTrue(c.isReadOnly() || assertThrowsOnWrite(s), "readers cannot write");
        }
    }

    private static boolean assertThrowsOnWrite(Statement s) {
        assertThrows(java.sql.SQLException.class, () -> s.execute("CREATE TABLE x (y INTEGER)"));
        return true;
    }

    static String value(Statement s, String pragma) throws Exception {
        try (ResultSet rs = s.executeQuery(pragma)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void aFreshIndexBindsToItsFolderAndRefusesAnother() throws Exception {
        Path db = dir.resolve("index.db");
        IndexDatabase.open(db, STORAGE_ID).close();
        String other = "00000000-0000-4000-8000-000000000000";
        DatabaseException e = assertThrows(nl.poortwachter.recorder.database.ForeignDatabaseException.class,
                () -> IndexDatabase.open(db, other));
        assertTrue(e.getMessage().startsWith("index database " + db.toAbsolutePath() + " belongs to storage folder "
                + STORAGE_ID + ", not to this storage folder (" + other + ")"), e.getMessage());
        assertEquals(1, SqliteFiles.number(db, "SELECT COUNT(*) FROM storage_binding"), "unchanged");
        assertFalse(SqliteFiles.text(db, "SELECT storage_id FROM storage_binding").equals(other));
        IndexDatabase.open(db).close(); // tools without a folder leave the binding alone
        IndexDatabase.open(db, STORAGE_ID).close();
    }
}
