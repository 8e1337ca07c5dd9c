package nl.poortwachter.recorder.database.index;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.cluster.LeaseStore;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Dialect;
import nl.poortwachter.recorder.database.Durability;
import nl.poortwachter.recorder.database.Schema;
import nl.poortwachter.recorder.database.SqliteConnector;
import nl.poortwachter.recorder.database.SqliteOptions;
import nl.poortwachter.recorder.export.ExportIndex;
import nl.poortwachter.recorder.export.ExportStore;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.register.RegisterStore;
import nl.poortwachter.recorder.retention.HoldStore;
import nl.poortwachter.recorder.retention.RetentionIndex;
import nl.poortwachter.recorder.retention.RetentionStore;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.storage.SegmentIndex;

/**
 * The recording index (docs/index-schema.md): cameras, segments and seek points, retention (purges, holds),
 * exports and the camera register in one database, every write through its one writer thread, in order. Each kind
 * of row has a store of its own; this hands them out.
 */
public final class IndexDatabase implements RetentionIndex, ExportIndex, AutoCloseable {
    /** Migration steps: db/index/ (recorder resources). */
    public static final Schema SCHEMA = new Schema("index", 12, IndexDatabase.class.getClassLoader());
    /**
     * A commit survives a process crash (recovery rebuilds what a power loss takes from the files); the WAL on the
     * storage disk is bounded to 1 MiB, so that it cannot hold on to space the storage reserve needs (a nearly full
     * disk stayed under its floor with SQLite's default of about 4 MiB).
     */
    public static final SqliteOptions SQLITE = new SqliteOptions(Durability.PROCESS_CRASH, true, 5_000, 1 << 20, 4);

    private static final Log LOG = Log.of(IndexDatabase.class);

    private final Database db;
    private final SqlCameraStore cameras;
    private final SqlSegmentIndex segments;
    private final SqlRetentionStore retention;
    private final SqlHoldStore holds;
    private final SqlExportStore exports;
    private final SqlRegisterStore register;

    private final SqlLeaseStore leases;

    private IndexDatabase(Database db, String node, CredentialCipher cipher) {
        this.db = db;
        this.cameras = new SqlCameraStore(db, cipher);
        this.segments = new SqlSegmentIndex(db, node);
        this.retention = new SqlRetentionStore(db, node);
        this.leases = new SqlLeaseStore(db);
        this.holds = new SqlHoldStore(db);
        this.exports = new SqlExportStore(db, node);
        this.register = new SqlRegisterStore(db);
    }

    /**
     * Opens the index, creating and migrating it as needed, bound to the storage folder.
     *
     * @param storageId the storage folder's identity; null leaves the binding alone (tools, tests)
     */
    public static IndexDatabase open(Path file, String storageId) {
        return open(connector(file), storageId);
    }

    /** An index not tied to a storage folder's identity (tools, tests). */
    public static IndexDatabase open(Path file) {
        return open(file, null);
    }

    public static IndexDatabase open(Connector connector, String storageId) {
        return open(connector, storageId, null, CredentialCipher.NONE);
    }

    /**
     * Opens the index with the credential key: camera passwords are sealed with it when stored and opened with it
     * when read, and any still stored in plaintext (an index from before version 8) are sealed now.
     */
    public static IndexDatabase open(Path file, String storageId, CredentialCipher cipher) {
        return open(connector(file), storageId, null, cipher);
    }

    /** A cluster node's index without a credential key (tools, tests): see the full {@code open} below. */
    public static IndexDatabase open(Connector connector, String storageId, String node) {
        return open(connector, storageId, node, CredentialCipher.NONE);
    }

    /**
     * @param node   this node's id when the index is a cluster's shared one (D72): its segments carry it, and
     *               recovery and retention touch only its own; null for the embedded gateway
     * @param cipher seals and opens camera passwords (D50); every node of a cluster needs the same key
     */
    public static IndexDatabase open(Connector connector, String storageId, String node, CredentialCipher cipher) {
        IndexDatabase index = new IndexDatabase(Database.open(connector, SCHEMA, storageId), node, cipher);
        try {
            if (cipher.canSeal()) {
                index.cameras.sealPlaintext();
            }
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** Camera leases and node heartbeats (cluster only). */
    public LeaseStore leases() {
        return leases;
    }

    /**
     * Re-seals every stored camera password with {@code next}'s key (this index's keys open them), in one
     * transaction (the key rotation).
     *
     * @return how many were re-sealed
     */
    public int resealCredentials(CredentialCipher next) {
        return cameras.reseal(next);
    }

    public static SqliteConnector connector(Path file) {
        return new SqliteConnector("index database", file, SQLITE);
    }

    /** The SQL engine it runs on. */
    public Dialect dialect() {
        return db.dialect();
    }

    @Override
    public CameraStore cameras() {
        return cameras;
    }

    @Override
    public SegmentIndex segments() {
        return segments;
    }

    @Override
    public RetentionStore retention() {
        return retention;
    }

    @Override
    public HoldStore holds() {
        return holds;
    }

    @Override
    public ExportStore exports() {
        return exports;
    }

    public RegisterStore register() {
        return register;
    }

    /** For /health: where the index is, how many segments it holds, how many seek points wait for their commit. */
    public Map<String, Object> health() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", db.describe());
        out.put("segments", db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM segment")) {
                rs.next(); // SQLite's driver is on the first row already; PostgreSQL's, as JDBC says, is not
                return rs.getLong(1);
            }
        }));
        out.put("pendingSeekPoints", segments.pendingSeekPoints());
        return out;
    }

    /** Waits until everything queued is committed. */
    public void sync() {
        segments.sync();
    }

    /** Commits what is queued, then closes. */
    @Override
    public void close() {
        try {
            sync();
        } catch (RuntimeException e) {
            // closing anyway: what was not committed, recovery rebuilds from the files
            LOG.warn("index.close.sync", "error", e.getMessage());
        }
        db.close();
    }
}
