package nl.poortwachter.recorder.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import nl.poortwachter.recorder.retention.ClaimedSegment;
import nl.poortwachter.recorder.retention.DeletableSegment;
import nl.poortwachter.recorder.retention.LegalHold;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.RememberedRetention;
import nl.poortwachter.recorder.retention.RetentionStore;
import nl.poortwachter.recorder.retention.RetentionStore.Claim;

/** {@link RetentionStore} in the index's SQLite file, through {@link SqliteIndex}'s writer thread and reader. */
final class SqliteRetentionStore implements RetentionStore {
    /** A segment overlapping a hold active at ? (bound twice: camera from the outer row). */
    private static final String NOT_HELD = "NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.camera_id = s.camera_id "
            + "AND h.released_ms IS NULL AND h.expires_ms > ? AND h.from_ms < s.end_ms AND h.to_ms > s.start_ms)";
    private static final String PURGE_COLUMNS =
            "id, camera_id, from_ms, to_ms, files, bytes, policy, detail, cutoff_ms, started_ms, finished_ms, state";
    private static final String HOLD_COLUMNS = "id, camera_id, from_ms, to_ms, reason, requester, case_number, "
            + "created_ms, expires_ms, released_ms, released_by, release_reason";

    private final SqliteIndex index;

    SqliteRetentionStore(SqliteIndex index) {
        this.index = index;
    }

    @Override
    public List<String> camerasWithFootage() {
        // One index seek per camera instead of a scan of every segment row (SELECT DISTINCT would read them all).
        return index.query(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT camera_id FROM segment WHERE camera_id > ? ORDER BY camera_id LIMIT 1")) {
                String last = "";
                while (true) {
                    ps.setString(1, last);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return out;
                        }
                        last = rs.getString(1);
                        out.add(last);
                    }
                }
            }
        });
    }

    @Override
    public List<DeletableSegment> deletable(String cameraId, long cutoffMillis, long nowMillis, int limit) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT s.id, s.camera_id, s.path, s.bytes, s.start_ms, s.end_ms FROM segment s "
                            + "WHERE s.camera_id = ? AND s.start_ms < ? AND s.end_ms <= ? AND s.complete = 1 "
                            + "AND s.purge_id IS NULL AND " + NOT_HELD + " ORDER BY s.start_ms LIMIT ?")) {
                ps.setString(1, cameraId);
                ps.setLong(2, cutoffMillis);
                ps.setLong(3, cutoffMillis);
                ps.setLong(4, nowMillis);
                ps.setInt(5, limit);
                List<DeletableSegment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeletableSegment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public OptionalLong oldestDeletableStart(String cameraId, long nowMillis) {
        List<DeletableSegment> first = deletable(cameraId, Long.MAX_VALUE, nowMillis, 1);
        return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of(first.get(0).startMillis());
    }

    @Override
    public Claim claim(long purgeId, PurgeRecord start, List<DeletableSegment> candidates, long nowMillis) {
        return index.writeTransaction(c -> {
            long id = purgeId;
            boolean created = false;
            if (id == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO purge(camera_id, from_ms, to_ms, files, "
                        + "bytes, policy, detail, cutoff_ms, started_ms, state) VALUES (?,?,?,0,0,?,?,?,?,'running')",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, start.cameraId());
                    ps.setLong(2, Long.MAX_VALUE);
                    ps.setLong(3, Long.MIN_VALUE);
                    ps.setString(4, start.policy());
                    ps.setString(5, start.detail());
                    if (start.cutoff() == null) {
                        ps.setNull(6, Types.INTEGER);
                    } else {
                        ps.setLong(6, start.cutoff().toEpochMilli());
                    }
                    ps.setLong(7, start.startedAt().toEpochMilli());
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                created = true;
            }
            // The hold check is repeated here, inside the writer's transaction: a hold created since the
            // candidates were read wins.
            List<DeletableSegment> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE segment AS s SET purge_id = ? WHERE s.id = ? "
                    + "AND s.purge_id IS NULL AND s.complete = 1 AND " + NOT_HELD)) {
                for (DeletableSegment d : candidates) {
                    ps.setLong(1, id);
                    ps.setLong(2, d.id());
                    ps.setLong(3, nowMillis);
                    if (ps.executeUpdate() == 1) {
                        claimed.add(d);
                    }
                }
            }
            if (claimed.isEmpty() && created) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM purge WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                return new Claim(0, List.of());
            }
            if (!claimed.isEmpty()) {
                long from = claimed.stream().mapToLong(DeletableSegment::startMillis).min().orElseThrow();
                long to = claimed.stream().mapToLong(DeletableSegment::endMillis).max().orElseThrow();
                long bytes = claimed.stream().mapToLong(DeletableSegment::bytes).sum();
                try (PreparedStatement ps = c.prepareStatement("UPDATE purge SET from_ms = MIN(from_ms, ?), "
                        + "to_ms = MAX(to_ms, ?), files = files + ?, bytes = bytes + ? WHERE id = ?")) {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                    ps.setLong(3, claimed.size());
                    ps.setLong(4, bytes);
                    ps.setLong(5, id);
                    ps.executeUpdate();
                }
            }
            return new Claim(id, claimed);
        });
    }

    @Override
    public void unclaim(long purgeId, DeletableSegment segment) {
        index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE segment SET purge_id = NULL WHERE id = ? AND purge_id = ?")) {
                ps.setLong(1, segment.id());
                ps.setLong(2, purgeId);
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE purge SET files = files - 1, bytes = bytes - ? WHERE id = ?")) {
                ps.setLong(1, segment.bytes());
                ps.setLong(2, purgeId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void dropClaimed(long purgeId) {
        index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM segment WHERE purge_id = ?")) {
                ps.setLong(1, purgeId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public PurgeRecord finishPurge(long purgeId, long finishedMillis, String state) {
        index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE purge SET finished_ms = ?, state = ? WHERE id = ?")) {
                ps.setLong(1, finishedMillis);
                ps.setString(2, state);
                ps.setLong(3, purgeId);
                return ps.executeUpdate();
            }
        });
        return purge(purgeId).orElseThrow(() -> new IllegalStateException("purge " + purgeId + " vanished"));
    }

    @Override
    public List<ClaimedSegment> claimedSegments() {
        return index.query(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT purge_id, id, path FROM segment WHERE purge_id IS NOT NULL ORDER BY purge_id, id")) {
                List<ClaimedSegment> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ClaimedSegment(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    @Override
    public List<Long> unfinishedPurges() {
        return index.query(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM purge WHERE finished_ms IS NULL ORDER BY id")) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    @Override
    public List<PurgeRecord> purges(String cameraId, long fromMillis, long toMillis, int limit) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PURGE_COLUMNS + " FROM purge "
                    + "WHERE (? IS NULL OR camera_id = ?) AND started_ms >= ? AND started_ms < ? "
                    + "ORDER BY started_ms DESC, id DESC LIMIT ?")) {
                ps.setString(1, cameraId);
                ps.setString(2, cameraId);
                ps.setLong(3, fromMillis);
                ps.setLong(4, toMillis);
                ps.setInt(5, limit);
                return readPurges(ps);
            }
        });
    }

    @Override
    public Optional<PurgeRecord> purge(long id) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PURGE_COLUMNS + " FROM purge WHERE id = ?")) {
                ps.setLong(1, id);
                return readPurges(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<PurgeRecord> unauditedPurges(int limit) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PURGE_COLUMNS + " FROM purge "
                    + "WHERE audited_ms IS NULL AND finished_ms IS NOT NULL ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                return readPurges(ps);
            }
        });
    }

    @Override
    public boolean markPurgeAudited(long purgeId, long auditedMillis) {
        return index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE purge SET audited_ms = ? "
                    + "WHERE id = ? AND audited_ms IS NULL AND finished_ms IS NOT NULL")) {
                ps.setLong(1, auditedMillis);
                ps.setLong(2, purgeId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<PurgeRecord> readPurges(PreparedStatement ps) throws SQLException {
        List<PurgeRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long cutoff = rs.getLong(9);
                Instant cutoffAt = rs.wasNull() ? null : Instant.ofEpochMilli(cutoff);
                long finished = rs.getLong(11);
                Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                out.add(new PurgeRecord(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getLong(6), rs.getString(7),
                        rs.getString(8), cutoffAt, Instant.ofEpochMilli(rs.getLong(10)), finishedAt, rs.getString(12)));
            }
        }
        return out;
    }

    @Override
    public void rememberRetention(List<RememberedRetention> cameras, long nowMillis) {
        index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera_retention(camera_id, retention_days, "
                    + "legal_regime, updated_ms) VALUES (?,?,?,?) ON CONFLICT(camera_id) DO UPDATE SET "
                    + "retention_days = excluded.retention_days, legal_regime = excluded.legal_regime, "
                    + "updated_ms = excluded.updated_ms WHERE retention_days <> excluded.retention_days "
                    + "OR legal_regime IS NOT excluded.legal_regime")) {
                for (RememberedRetention r : cameras) {
                    ps.setString(1, r.cameraId());
                    ps.setInt(2, r.retentionDays());
                    ps.setString(3, r.legalRegime());
                    ps.setLong(4, nowMillis);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, RememberedRetention> rememberedRetention() {
        return index.query(c -> {
            Map<String, RememberedRetention> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT camera_id, retention_days, legal_regime FROM camera_retention")) {
                while (rs.next()) {
                    out.put(rs.getString(1), new RememberedRetention(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    @Override
    public long nextHoldId() {
        // Holds are never deleted, so the largest id so far is the last one handed out.
        return index.query(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM legal_hold")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public LegalHold insertHold(LegalHold h) {
        index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO legal_hold(id, camera_id, from_ms, to_ms, "
                    + "reason, requester, case_number, created_ms, expires_ms) VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, h.id());
                ps.setString(2, h.cameraId());
                ps.setLong(3, h.from().toEpochMilli());
                ps.setLong(4, h.to().toEpochMilli());
                ps.setString(5, h.reason());
                ps.setString(6, h.requester());
                ps.setString(7, h.caseNumber());
                ps.setLong(8, h.createdAt().toEpochMilli());
                ps.setLong(9, h.expiresAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return hold(h.id()).orElseThrow();
    }

    @Override
    public Optional<LegalHold> hold(long id) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HOLD_COLUMNS + " FROM legal_hold WHERE id = ?")) {
                ps.setLong(1, id);
                return readHolds(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<LegalHold> holds(String cameraId, boolean activeOnly, long nowMillis) {
        return index.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HOLD_COLUMNS + " FROM legal_hold "
                    + "WHERE (? IS NULL OR camera_id = ?) AND (? = 0 OR (released_ms IS NULL AND expires_ms > ?)) "
                    + "ORDER BY created_ms DESC, id DESC")) {
                ps.setString(1, cameraId);
                ps.setString(2, cameraId);
                ps.setInt(3, activeOnly ? 1 : 0);
                ps.setLong(4, nowMillis);
                return readHolds(ps);
            }
        });
    }

    private static List<LegalHold> readHolds(PreparedStatement ps) throws SQLException {
        List<LegalHold> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long released = rs.getLong(10);
                Instant releasedAt = rs.wasNull() ? null : Instant.ofEpochMilli(released);
                out.add(new LegalHold(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), releasedAt,
                        rs.getString(11), rs.getString(12)));
            }
        }
        return out;
    }

    @Override
    public boolean releaseHold(long id, String releasedBy, String reason, long releasedMillis) {
        return index.writeTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE legal_hold SET released_ms = ?, released_by = ?, "
                    + "release_reason = ? WHERE id = ? AND released_ms IS NULL")) {
                ps.setLong(1, releasedMillis);
                ps.setString(2, releasedBy);
                ps.setString(3, reason);
                ps.setLong(4, id);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
