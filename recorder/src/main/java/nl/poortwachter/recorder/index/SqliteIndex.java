package nl.poortwachter.recorder.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.export.ExportStore;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.retention.RetentionStore;

/**
 * {@link RecordingIndex} in one SQLite file (WAL mode). All writes go through one thread, in order; seek
 * points are committed in groups so that a hundred cameras cost a handful of transactions per second.
 * Reads use a second connection, which WAL lets run beside the writer.
 */
public final class SqliteIndex implements RecordingIndex {
    private static final Log LOG = Log.of(SqliteIndex.class);
    private static final int SCHEMA_VERSION = DeletionAuditSchema.VERSION;

    private record PendingSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis) {
    }

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final ExecutorService writeThread;
    private final ConcurrentLinkedQueue<PendingSeekPoint> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final SqliteRetentionStore retentionStore = new SqliteRetentionStore(this);
    private final SqliteExportStore exportStore = new SqliteExportStore(this);

    public SqliteIndex(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean created = !Files.exists(file);
            writer = open(file);
            if (created) {
                restrictPermissions(file);
            }
            migrate(writer);
            reader = open(file);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open index database " + file + ": " + e.getMessage(), e);
        }
        writeThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "index-writer");
            t.setDaemon(true);
            return t;
        });
    }

    private static Connection open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // NORMAL in WAL mode: a committed transaction survives a process crash; power loss may lose the last ones.
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=5000");
            // The write-ahead log lives beside the index on the storage disk. By default it grows to ~4 MiB before a
            // checkpoint and keeps that size: space the storage reserve cannot free (a nearly full disk stayed under
            // its floor). Checkpoint at 1 MiB and truncate the file back to 1 MiB afterwards.
            s.execute("PRAGMA wal_autocheckpoint=256");
            s.execute("PRAGMA journal_size_limit=" + (1 << 20));
        }
        return c;
    }

    private static void restrictPermissions(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warn("index.permissions", "file", file, "error", e.getMessage());
        }
    }

    private static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("index schema version " + version + " is newer than this gateway (" + SCHEMA_VERSION + ")");
            }
            if (version < 1) {
                s.execute("""
                        CREATE TABLE camera (
                          id TEXT PRIMARY KEY,
                          name TEXT NOT NULL,
                          url TEXT NOT NULL,
                          vendor TEXT, model TEXT, location TEXT, purpose TEXT,
                          legal_regime TEXT NOT NULL,
                          retention_days INTEGER NOT NULL,
                          recording INTEGER NOT NULL,
                          transport TEXT NOT NULL,
                          created_ms INTEGER NOT NULL,
                          updated_ms INTEGER NOT NULL)""");
                s.execute("""
                        CREATE TABLE camera_credential (
                          camera_id TEXT PRIMARY KEY REFERENCES camera(id) ON DELETE CASCADE,
                          username TEXT NOT NULL,
                          password TEXT)""");
                s.execute("""
                        CREATE TABLE segment (
                          id INTEGER PRIMARY KEY,
                          camera_id TEXT NOT NULL,
                          session_id TEXT NOT NULL,
                          start_ms INTEGER NOT NULL,
                          end_ms INTEGER NOT NULL,
                          path TEXT NOT NULL UNIQUE,
                          bytes INTEGER NOT NULL,
                          codec TEXT NOT NULL,
                          width INTEGER NOT NULL,
                          height INTEGER NOT NULL,
                          complete INTEGER NOT NULL)""");
                s.execute("CREATE INDEX segment_camera_time ON segment(camera_id, start_ms)");
                s.execute("CREATE INDEX segment_incomplete ON segment(complete) WHERE complete = 0");
                s.execute("""
                        CREATE TABLE seek_point (
                          segment_id INTEGER NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
                          byte_offset INTEGER NOT NULL,
                          byte_size INTEGER NOT NULL,
                          media_time INTEGER NOT NULL,
                          wall_ms INTEGER NOT NULL,
                          keyframe INTEGER NOT NULL,
                          PRIMARY KEY (segment_id, byte_offset)) WITHOUT ROWID""");
                s.execute("PRAGMA user_version=1");
            }
            if (version < 2) {
                // The camera's pipeline (mode, transcode settings, privacy masks, policy override) as JSON.
                s.execute("ALTER TABLE camera ADD COLUMN pipeline TEXT");
                s.execute("PRAGMA user_version=2");
            }
        }
        if (version(c) < ArchiveSchema.VERSION) {
            // Retention, holds, proof of deletion, exports: one transaction of its own (ArchiveSchema).
            ArchiveSchema.migrate(c);
        }
        if (version(c) < DeletionAuditSchema.VERSION) {
            // Purges remember whether their audit entry is durable: a transaction of its own (DeletionAuditSchema).
            DeletionAuditSchema.migrate(c);
        }
        // Next migration: if (version(c) < 5) { ...; PRAGMA user_version=5 } and raise SCHEMA_VERSION.
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    // ---- cameras ----

    @Override
    public List<CameraSpec> cameras() {
        return read(() -> queryCameras("SELECT c.*, k.username, k.password FROM camera c LEFT JOIN camera_credential k ON k.camera_id = c.id ORDER BY c.id", null));
    }

    @Override
    public Optional<CameraSpec> camera(String id) {
        return read(() -> queryCameras("SELECT c.*, k.username, k.password FROM camera c LEFT JOIN camera_credential k ON k.camera_id = c.id WHERE c.id = ?", id))
                .stream().findFirst();
    }

    private List<CameraSpec> queryCameras(String sql, String id) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement(sql)) {
            if (id != null) {
                ps.setString(1, id);
            }
            List<CameraSpec> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CameraPipelineJson.Pipeline p = CameraPipelineJson.read(rs.getString("pipeline"));
                    out.add(new CameraSpec(rs.getString("id"), rs.getString("name"), rs.getString("url"),
                            rs.getString("username"), rs.getString("password"), rs.getString("vendor"),
                            rs.getString("model"), rs.getString("location"), rs.getString("purpose"),
                            rs.getString("legal_regime"), rs.getInt("retention_days"), rs.getInt("recording") != 0,
                            Transport.valueOf(rs.getString("transport")), p.mode(), p.transcode(), p.masks(), p.policyOverride()));
                }
            }
            return out;
        }
    }

    @Override
    public boolean insertCamera(CameraSpec c) {
        return write(() -> inTransaction(() -> {
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT OR IGNORE INTO camera(id, name, url, vendor, model, location, purpose, legal_regime, retention_days, recording, transport, pipeline, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                long now = System.currentTimeMillis();
                ps.setString(1, c.id());
                bindCamera(ps, c, 2);
                ps.setLong(13, now);
                ps.setLong(14, now);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            writeCredentials(c);
            return true;
        }));
    }

    @Override
    public boolean updateCamera(CameraSpec c) {
        return write(() -> inTransaction(() -> {
            try (PreparedStatement ps = writer.prepareStatement(
                    "UPDATE camera SET name=?, url=?, vendor=?, model=?, location=?, purpose=?, legal_regime=?, retention_days=?, recording=?, transport=?, pipeline=?, updated_ms=? WHERE id=?")) {
                bindCamera(ps, c, 1);
                ps.setLong(12, System.currentTimeMillis());
                ps.setString(13, c.id());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            writeCredentials(c);
            return true;
        }));
    }

    private static void bindCamera(PreparedStatement ps, CameraSpec c, int first) throws SQLException {
        ps.setString(first, c.name());
        ps.setString(first + 1, c.url());
        ps.setString(first + 2, c.vendor());
        ps.setString(first + 3, c.model());
        ps.setString(first + 4, c.location());
        ps.setString(first + 5, c.purpose());
        ps.setString(first + 6, c.legalRegime());
        ps.setInt(first + 7, c.retentionDays());
        ps.setInt(first + 8, c.recording() ? 1 : 0);
        ps.setString(first + 9, c.transport().name());
        ps.setString(first + 10, CameraPipelineJson.write(c));
    }

    private void writeCredentials(CameraSpec c) throws SQLException {
        try (PreparedStatement del = writer.prepareStatement("DELETE FROM camera_credential WHERE camera_id=?")) {
            del.setString(1, c.id());
            del.executeUpdate();
        }
        if (c.hasCredentials()) {
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT INTO camera_credential(camera_id, username, password) VALUES (?,?,?)")) {
                ps.setString(1, c.id());
                ps.setString(2, c.username());
                if (c.password() == null) {
                    ps.setNull(3, Types.VARCHAR);
                } else {
                    ps.setString(3, c.password());
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public boolean deleteCamera(String id) {
        return write(() -> {
            try (PreparedStatement ps = writer.prepareStatement("DELETE FROM camera WHERE id=?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---- segments ----

    @Override
    public long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width, int height) {
        flushPendingAsync();
        return write(() -> {
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT INTO segment(camera_id, session_id, start_ms, end_ms, path, bytes, codec, width, height, complete) VALUES (?,?,?,?,?,0,?,?,?,0)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, cameraId);
                ps.setString(2, sessionId);
                ps.setLong(3, startMillis);
                ps.setLong(4, startMillis);
                ps.setString(5, path);
                ps.setString(6, codec);
                ps.setInt(7, width);
                ps.setInt(8, height);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis) {
        pending.add(new PendingSeekPoint(segmentId, point, bytes, endMillis));
        flushPendingAsync();
    }

    private void flushPendingAsync() {
        if (flushScheduled.compareAndSet(false, true)) {
            writeThread.execute(() -> {
                flushScheduled.set(false);
                try {
                    flushPending();
                } catch (SQLException e) {
                    LOG.error("index.flush.failed", e);
                }
            });
        }
    }

    /** Runs on the write thread: everything queued so far in one transaction (group commit). */
    private void flushPending() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement sp = writer.prepareStatement(
                    "INSERT OR REPLACE INTO seek_point(segment_id, byte_offset, byte_size, media_time, wall_ms, keyframe) VALUES (?,?,?,?,?,?)");
                 PreparedStatement seg = writer.prepareStatement(
                         "UPDATE segment SET bytes=?, end_ms=? WHERE id=? AND complete=0")) {
                PendingSeekPoint p;
                while ((p = pending.poll()) != null) {
                    bindSeekPoint(sp, p.segmentId(), p.point());
                    sp.addBatch();
                    seg.setLong(1, p.bytes());
                    seg.setLong(2, p.endMillis());
                    seg.setLong(3, p.segmentId());
                    seg.addBatch();
                }
                sp.executeBatch();
                seg.executeBatch();
            }
            return null;
        });
    }

    private static void bindSeekPoint(PreparedStatement ps, long segmentId, SeekPoint p) throws SQLException {
        ps.setLong(1, segmentId);
        ps.setLong(2, p.offset());
        ps.setLong(3, p.size());
        ps.setLong(4, p.mediaTime());
        ps.setLong(5, p.wallClockMillis());
        ps.setInt(6, p.keyframe() ? 1 : 0);
    }

    @Override
    public void completeSegment(long segmentId, long bytes, long endMillis, List<SeekPoint> points) {
        write(() -> {
            flushPending();
            return inTransaction(() -> {
                try (PreparedStatement del = writer.prepareStatement("DELETE FROM seek_point WHERE segment_id=?")) {
                    del.setLong(1, segmentId);
                    del.executeUpdate();
                }
                try (PreparedStatement sp = writer.prepareStatement(
                        "INSERT INTO seek_point(segment_id, byte_offset, byte_size, media_time, wall_ms, keyframe) VALUES (?,?,?,?,?,?)")) {
                    for (SeekPoint p : points) {
                        bindSeekPoint(sp, segmentId, p);
                        sp.addBatch();
                    }
                    sp.executeBatch();
                }
                try (PreparedStatement ps = writer.prepareStatement("UPDATE segment SET bytes=?, end_ms=?, complete=1 WHERE id=?")) {
                    ps.setLong(1, bytes);
                    ps.setLong(2, endMillis);
                    ps.setLong(3, segmentId);
                    ps.executeUpdate();
                }
                return null;
            });
        });
    }

    @Override
    public void deleteSegment(long segmentId) {
        write(() -> {
            flushPending();
            try (PreparedStatement ps = writer.prepareStatement("DELETE FROM segment WHERE id=?")) {
                ps.setLong(1, segmentId);
                return ps.executeUpdate();
            }
        });
    }

    private static final String SEGMENT_COLUMNS =
            "s.id, s.camera_id, s.session_id, s.start_ms, s.end_ms, s.path, s.bytes, s.codec, s.width, s.height, s.complete, "
                    + "(SELECT COUNT(*) FROM seek_point p WHERE p.segment_id = s.id) AS points";

    @Override
    public List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis) {
        // start_ms > from - 1 day keeps the index range scan bounded; segments are about a minute long.
        return read(() -> querySegments("SELECT " + SEGMENT_COLUMNS + " FROM segment s WHERE s.camera_id=? AND s.start_ms < ? AND s.end_ms > ? AND s.start_ms > ? AND s.purge_id IS NULL ORDER BY s.start_ms",
                ps -> {
                    ps.setString(1, cameraId);
                    ps.setLong(2, toMillis);
                    ps.setLong(3, fromMillis);
                    ps.setLong(4, fromMillis - 86_400_000L);
                }));
    }

    @Override
    public List<SegmentRecord> incompleteSegments() {
        return read(() -> querySegments("SELECT " + SEGMENT_COLUMNS + " FROM segment s WHERE s.complete=0 ORDER BY s.id", ps -> { }));
    }

    @Override
    public Optional<SegmentRecord> segmentByPath(String path) {
        return read(() -> querySegments("SELECT " + SEGMENT_COLUMNS + " FROM segment s WHERE s.path=?", ps -> ps.setString(1, path)))
                .stream().findFirst();
    }

    @Override
    public Optional<SegmentRecord> segmentById(long id) {
        return read(() -> querySegments("SELECT " + SEGMENT_COLUMNS + " FROM segment s WHERE s.id=? AND s.purge_id IS NULL", ps -> ps.setLong(1, id)))
                .stream().findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<SegmentRecord> querySegments(String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement(sql)) {
            binder.bind(ps);
            List<SegmentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SegmentRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
                            rs.getInt(11) != 0, rs.getInt(12)));
                }
            }
            return out;
        }
    }

    @Override
    public List<SeekPoint> seekPoints(long segmentId) {
        return read(() -> {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT byte_offset, byte_size, media_time, wall_ms, keyframe FROM seek_point WHERE segment_id=? ORDER BY byte_offset")) {
                ps.setLong(1, segmentId);
                List<SeekPoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SeekPoint(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5) != 0));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds) {
        Map<Long, List<SeekPoint>> out = new java.util.HashMap<>();
        // One statement per chunk instead of one per segment: a 30-minute playlist reads 32 segments' points.
        for (int from = 0; from < segmentIds.size(); from += 500) {
            List<Long> chunk = segmentIds.subList(from, Math.min(segmentIds.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            read(() -> {
                try (PreparedStatement ps = reader.prepareStatement("SELECT segment_id, byte_offset, byte_size, media_time, "
                        + "wall_ms, keyframe FROM seek_point WHERE segment_id IN (" + marks + ") ORDER BY segment_id, byte_offset")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new SeekPoint(rs.getLong(2),
                                    rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getInt(6) != 0));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    @Override
    public void sync() {
        write(() -> {
            flushPending();
            return null;
        });
    }

    @Override
    public Map<String, Object> healthCheck() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        read(() -> {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM segment")) {
                out.put("segments", rs.getLong(1));
            }
            return null;
        });
        out.put("pendingSeekPoints", pending.size());
        return out;
    }

    @Override
    public void close() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("index.close.sync", "error", e.getMessage());
        }
        writeThread.shutdown();
        try {
            writer.close();
            reader.close();
        } catch (SQLException e) {
            LOG.warn("index.close", "error", e.getMessage());
        }
    }

    // ---- archive tables (retention, holds, purges, exports): same writer thread, same reader ----

    @Override
    public RetentionStore retention() {
        return retentionStore;
    }

    @Override
    public ExportStore exports() {
        return exportStore;
    }

    interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction on the writer thread, in order with recording's writes. */
    <T> T writeTransaction(ConnectionWork<T> work) {
        return write(() -> inTransaction(() -> work.run(writer)));
    }

    <T> T query(ConnectionWork<T> work) {
        return read(() -> work.run(reader));
    }

    // ---- plumbing ----

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        writer.setAutoCommit(false);
        try {
            T result = work.run();
            writer.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
    }

    private <T> T write(SqlWork<T> work) {
        Callable<T> task = work::run;
        Future<T> f = writeThread.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the index", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("index write failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private <T> T read(SqlWork<T> work) {
        synchronized (reader) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new IllegalStateException("index read failed: " + e.getMessage(), e);
            }
        }
    }

}
