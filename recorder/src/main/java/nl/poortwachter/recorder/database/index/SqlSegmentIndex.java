package nl.poortwachter.recorder.database.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.GroupCommit;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.storage.LeaseLostException;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.SegmentTiming;

/**
 * Tables {@code segment}, {@code seek_point} and {@code camera_session}. A segment's row (and its session's, the
 * first time) is committed before its file exists; its seek points are committed in groups (a hundred cameras cost
 * a handful of transactions a second), and all of them again, with the segment's completion, in one transaction at
 * its end. The media times and the session's anchor explain every wall-clock time (docs/time.md).
 */
final class SqlSegmentIndex implements SegmentIndex {
    private static final String COLUMNS = "s.id, s.camera_id, s.session_id, s.start_ms, s.end_ms, s.path, s.bytes, "
            + "s.codec, s.width, s.height, s.complete, "
            + "(SELECT COUNT(*) FROM seek_point p WHERE p.segment_id = s.id) AS points, s.node_id";
    private static final String INSERT_POINT = "INSERT INTO seek_point(segment_id, byte_offset, byte_size, media_time, "
            + "wall_ms, keyframe) VALUES (?,?,?,?,?,?)";

    /**
     * The fence on every write of a segment (D72): a row written under a lease (its token) changes only while that
     * token is still the camera's. An UPDATE takes the segment's row lock, and the node that takes a camera over seals
     * the old holder's open segments in the same transaction as it takes the lease, so a stale write either finishes
     * before the takeover or finds the segment complete and changes nothing.
     */
    static final String FENCE = "(segment.lease_token IS NULL OR segment.lease_token = "
            + "(SELECT l.token FROM camera_lease l WHERE l.camera_id = segment.camera_id))";

    private record PendingSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis, long mediaEnd) {
    }

    /**
     * How long a fragment's seek point waits for other cameras' before the commit. Seek points are rebuilt from the
     * files after a crash (recovery), so a quarter second more before they are durable loses nothing; the index
     * claims a segment's end only when its seek point is committed, so it never claims more than is on disk.
     */
    static final long SEEK_POINT_GATHER_MILLIS = 250;

    private final Database db;
    /** This node in a cluster; null on the embedded gateway. */
    private final String node;
    private final GroupCommit<PendingSeekPoint> pending;

    SqlSegmentIndex(Database db, String node) {
        this.db = db;
        this.node = node;
        this.pending = new GroupCommit<>(db, "seek points", SqlSegmentIndex::writePending, SEEK_POINT_GATHER_MILLIS);
    }

    @Override
    public long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                            int height, SegmentTiming timing, Long leaseToken) {
        pending.schedule();
        // The regime is the camera's as stored now, read in the same statement: what this footage is recorded under
        // (D47). In a cluster the row is written only while this node's lease token is the camera's (D72).
        Long mediaStart = timing == null ? null : timing.mediaStart();
        Params params = Params.of(cameraId, sessionId, startMillis, startMillis, path, codec, width, height, node,
                leaseToken, mediaStart, mediaStart, cameraId, cameraId, cameraId, leaseToken);
        return unwrapLeaseLost(() -> db.write(c -> {
            if (timing != null) {
                Sql.update(c, "INSERT INTO camera_session(id, camera_id, connect_ms, anchor_ms) VALUES (?,?,?,?) "
                        + "ON CONFLICT(id) DO NOTHING",
                        Params.of(sessionId, cameraId, timing.connectMillis(), timing.anchorMillis()));
            }
            return Sql.first(c, "INSERT INTO segment(camera_id, session_id, start_ms, end_ms, path, bytes, "
                    + "codec, width, height, complete, node_id, lease_token, media_start, media_end, legal_regime) "
                    + "SELECT ?,?,?,?,?,0,?,?,?,0,?,?,CAST(? AS BIGINT),CAST(? AS BIGINT), "
                    + "COALESCE((SELECT legal_regime FROM camera WHERE id = ?), "
                    + "(SELECT legal_regime FROM camera_retention WHERE camera_id = ?)) "
                    + "WHERE EXISTS (SELECT 1 FROM camera_lease l WHERE l.camera_id = ? AND l.token = ?) OR "
                    + (leaseToken == null ? "1 = 1" : "1 = 0") + " RETURNING id", params, rs -> rs.getLong(1))
                    .orElseThrow(() -> new LeaseLostException("camera " + cameraId + ": lease " + leaseToken
                            + " is no longer this node's; no segment opened"));
        }));
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis, long mediaEnd) {
        pending.add(new PendingSeekPoint(segmentId, point, bytes, endMillis, mediaEnd));
    }

    /**
     * One group: each segment's bytes and end so far (only while it is being written and its lease is current), then
     * the seek points of the segments that took that update: a fenced segment gets neither.
     */
    private static void writePending(Connection c, List<PendingSeekPoint> points) throws SQLException {
        try (PreparedStatement sp = c.prepareStatement(INSERT_POINT + " ON CONFLICT(segment_id, byte_offset) DO UPDATE "
                + "SET byte_size = excluded.byte_size, media_time = excluded.media_time, wall_ms = excluded.wall_ms, "
                + "keyframe = excluded.keyframe");
             PreparedStatement seg = c.prepareStatement("UPDATE segment SET bytes=?, end_ms=?, "
                     + "media_end=COALESCE(?, media_end) WHERE id=? AND complete=0 AND " + FENCE)) {
            for (PendingSeekPoint p : points) {
                seg.setLong(1, p.bytes());
                seg.setLong(2, p.endMillis());
                bindMediaTime(seg, 3, p.mediaEnd());
                seg.setLong(4, p.segmentId());
                seg.addBatch();
            }
            int[] updated = seg.executeBatch();
            int stored = 0;
            for (int i = 0; i < points.size(); i++) {
                if (updated[i] > 0) {
                    bindSeekPoint(sp, points.get(i).segmentId(), points.get(i).point());
                    sp.addBatch();
                    stored++;
                }
            }
            if (stored > 0) {
                sp.executeBatch();
            }
        }
    }

    private static void bindSeekPoint(PreparedStatement ps, long segmentId, SeekPoint p) throws SQLException {
        ps.setLong(1, segmentId);
        ps.setLong(2, p.offset());
        ps.setLong(3, p.size());
        ps.setLong(4, p.mediaTime());
        ps.setLong(5, p.wallClockMillis());
        ps.setInt(6, p.keyframe() ? 1 : 0);
    }

    private static void bindMediaTime(PreparedStatement ps, int at, long ticks) throws SQLException {
        if (ticks == Long.MIN_VALUE) {
            ps.setNull(at, java.sql.Types.BIGINT);
        } else {
            ps.setLong(at, ticks);
        }
    }

    /** The writer thread wraps what a write throws; a lost lease is the caller's to handle, as itself. */
    private static <T> T unwrapLeaseLost(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (DatabaseException e) {
            if (e.getCause() instanceof LeaseLostException lost) {
                throw lost;
            }
            throw e;
        }
    }

    @Override
    public void completeSegment(long segmentId, long bytes, long endMillis, long mediaEnd, List<SeekPoint> points) {
        unwrapLeaseLost(() -> db.onWriter(() -> {
            pending.flush();
            return db.transaction(c -> {
                // First the fenced update (it takes the row lock): under a lost lease, nothing else happens.
                try (PreparedStatement ps = c.prepareStatement("UPDATE segment SET bytes=?, end_ms=?, complete=1, "
                        + "media_end=COALESCE(?, media_end) WHERE id=? AND " + FENCE)) {
                    ps.setLong(1, bytes);
                    ps.setLong(2, endMillis);
                    bindMediaTime(ps, 3, mediaEnd);
                    ps.setLong(4, segmentId);
                    if (ps.executeUpdate() == 0) {
                        throw new LeaseLostException("segment " + segmentId + ": its camera's lease was taken over; "
                                + "the segment stays as the new holder sealed it");
                    }
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM seek_point WHERE segment_id=?")) {
                    del.setLong(1, segmentId);
                    del.executeUpdate();
                }
                try (PreparedStatement sp = c.prepareStatement(INSERT_POINT)) {
                    for (SeekPoint p : points) {
                        bindSeekPoint(sp, segmentId, p);
                        sp.addBatch();
                    }
                    sp.executeBatch();
                }
                return null;
            });
        }));
    }

    @Override
    public void deleteSegment(long segmentId) {
        db.onWriter(() -> {
            pending.flush();
            return db.transaction(c -> Sql.update(c, "DELETE FROM segment WHERE id=?", Params.of(segmentId)));
        });
    }

    @Override
    public List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis) {
        // start_ms > from - 1 day keeps the index range scan bounded; segments are about a minute long.
        return query("SELECT " + COLUMNS + " FROM segment s WHERE s.camera_id=? AND s.start_ms < ? AND s.end_ms > ? "
                + "AND s.start_ms > ? AND s.purge_id IS NULL ORDER BY s.start_ms",
                Params.of(cameraId, toMillis, fromMillis, fromMillis - 86_400_000L));
    }

    @Override
    public Set<String> regimes(String cameraId, long fromMillis, long toMillis) {
        // Same range condition as segments(): the footage a playlist or export of this range would deliver.
        return new TreeSet<>(db.list("SELECT DISTINCT COALESCE(s.legal_regime, ?) FROM segment s WHERE s.camera_id=? "
                + "AND s.start_ms < ? AND s.end_ms > ? AND s.start_ms > ? AND s.purge_id IS NULL",
                Params.of(UNKNOWN_REGIME, cameraId, toMillis, fromMillis, fromMillis - 86_400_000L),
                rs -> rs.getString(1)));
    }

    @Override
    public Optional<String> regimeOf(String cameraId, long segmentId) {
        return db.first("SELECT COALESCE(legal_regime, ?) FROM segment WHERE id = ? AND camera_id = ? "
                + "AND purge_id IS NULL", Params.of(UNKNOWN_REGIME, segmentId, cameraId), rs -> rs.getString(1));
    }

    @Override
    public List<SegmentRecord> incompleteSegments() {
        return query("SELECT " + COLUMNS + " FROM segment s WHERE s.complete=0 AND s.node_id IS NOT DISTINCT FROM ? "
                + "ORDER BY s.id", Params.of(node));
    }

    @Override
    public Optional<SegmentRecord> segmentByPath(String path) {
        return query("SELECT " + COLUMNS + " FROM segment s WHERE s.path=? AND s.node_id IS NOT DISTINCT FROM ?",
                Params.of(path, node))
                .stream().findFirst();
    }

    @Override
    public Optional<SegmentRecord> segmentById(long id) {
        return query("SELECT " + COLUMNS + " FROM segment s WHERE s.id=? AND s.purge_id IS NULL", Params.of(id))
                .stream().findFirst();
    }

    private List<SegmentRecord> query(String sql, Params params) {
        return db.list(sql, params, rs -> new SegmentRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getInt(9),
                rs.getInt(10), rs.getInt(11) != 0, rs.getInt(12), rs.getString(13)));
    }

    @Override
    public List<SeekPoint> seekPoints(long segmentId) {
        return seekPoints(List.of(segmentId)).getOrDefault(segmentId, List.of());
    }

    @Override
    public Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds) {
        Map<Long, List<SeekPoint>> out = new HashMap<>();
        // One statement per chunk instead of one per segment: a 30-minute playlist reads 32 segments' points.
        for (int from = 0; from < segmentIds.size(); from += 500) {
            List<Long> chunk = segmentIds.subList(from, Math.min(segmentIds.size(), from + 500));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT segment_id, byte_offset, byte_size, media_time, "
                        + "wall_ms, keyframe FROM seek_point WHERE segment_id IN (" + marks + ") "
                        + "ORDER BY segment_id, byte_offset")) {
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

    /** Seek points queued and not yet committed. */
    int pendingSeekPoints() {
        return pending.pending();
    }

    @Override
    public void sync() {
        pending.sync();
    }
}
