package nl.poortwachter.recorder.database.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Rows;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.retention.ClaimedSegment;
import nl.poortwachter.recorder.retention.DeletableSegment;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.RememberedRetention;
import nl.poortwachter.recorder.retention.RetentionStore;
import nl.poortwachter.recorder.retention.RetentionStore.Claim;

/**
 * Tables {@code purge}, {@code camera_retention} and the claim column of {@code segment}: deleting footage in the
 * order that makes a crash harmless (docs/index-schema.md, "Deletion order").
 */
final class SqlRetentionStore implements RetentionStore {
    /** A segment overlapping a hold active at ? (bound twice: camera from the outer row). */
    private static final String NOT_HELD = "NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.camera_id = s.camera_id "
            + "AND h.released_ms IS NULL AND h.expires_ms > ? AND h.from_ms < s.end_ms AND h.to_ms > s.start_ms)";
    private static final String PURGE_COLUMNS =
            "id, camera_id, from_ms, to_ms, files, bytes, policy, detail, cutoff_ms, started_ms, finished_ms, state";

    private final Database db;
    /** This node's id in a cluster (its own storage: only its segments and purges), null on the embedded gateway. */
    private final String node;

    SqlRetentionStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public List<String> camerasWithFootage() {
        // One index seek per camera instead of a scan of every segment row (SELECT DISTINCT would read them all).
        return db.read(c -> {
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
        return db.list("SELECT s.id, s.camera_id, s.path, s.bytes, s.start_ms, s.end_ms FROM segment s "
                        + "WHERE s.camera_id = ? AND s.start_ms < ? AND s.end_ms <= ? AND s.complete = 1 "
                        + "AND s.purge_id IS NULL AND s.node_id IS NOT DISTINCT FROM ? AND " + NOT_HELD
                        + " ORDER BY s.start_ms LIMIT ?",
                Params.of(cameraId, cutoffMillis, cutoffMillis, node, nowMillis, limit),
                rs -> new DeletableSegment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));
    }

    @Override
    public OptionalLong oldestDeletableStart(String cameraId, long nowMillis) {
        List<DeletableSegment> first = deletable(cameraId, Long.MAX_VALUE, nowMillis, 1);
        return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of(first.get(0).startMillis());
    }

    @Override
    public Claim claim(long purgeId, PurgeRecord start, List<DeletableSegment> candidates, long nowMillis) {
        return db.write(c -> {
            long id = purgeId;
            boolean created = false;
            if (id == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO purge(camera_id, from_ms, to_ms, files, "
                        + "bytes, policy, detail, cutoff_ms, started_ms, state, node_id) "
                        + "VALUES (?,?,?,0,0,?,?,?,?,'running',?) RETURNING id")) {
                    ps.setString(1, start.cameraId());
                    ps.setLong(2, Long.MAX_VALUE);
                    ps.setLong(3, Long.MIN_VALUE);
                    ps.setString(4, start.policy());
                    ps.setString(5, start.detail());
                    Rows.setInstant(ps, 6, start.cutoff());
                    ps.setLong(7, start.startedAt().toEpochMilli());
                    ps.setString(8, node);
                    try (ResultSet rs = ps.executeQuery()) {
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
                Sql.update(c, "DELETE FROM purge WHERE id = ?", Params.of(id));
                return new Claim(0, List.of());
            }
            if (!claimed.isEmpty()) {
                long from = claimed.stream().mapToLong(DeletableSegment::startMillis).min().orElseThrow();
                long to = claimed.stream().mapToLong(DeletableSegment::endMillis).max().orElseThrow();
                long bytes = claimed.stream().mapToLong(DeletableSegment::bytes).sum();
                // CASE rather than SQLite's two-argument MIN/MAX (PostgreSQL spells them LEAST/GREATEST).
                Sql.update(c, "UPDATE purge SET from_ms = CASE WHEN from_ms < ? THEN from_ms ELSE ? END, "
                        + "to_ms = CASE WHEN to_ms > ? THEN to_ms ELSE ? END, files = files + ?, bytes = bytes + ? "
                        + "WHERE id = ?", Params.of(from, from, to, to, (long) claimed.size(), bytes, id));
            }
            return new Claim(id, claimed);
        });
    }

    @Override
    public void unclaim(long purgeId, DeletableSegment segment) {
        db.write(c -> {
            if (Sql.update(c, "UPDATE segment SET purge_id = NULL WHERE id = ? AND purge_id = ?",
                    Params.of(segment.id(), purgeId)) == 1) {
                Sql.update(c, "UPDATE purge SET files = files - 1, bytes = bytes - ? WHERE id = ?",
                        Params.of(segment.bytes(), purgeId));
            }
            return null;
        });
    }

    @Override
    public void dropClaimed(long purgeId) {
        db.update("DELETE FROM segment WHERE purge_id = ?", Params.of(purgeId));
    }

    @Override
    public PurgeRecord finishPurge(long purgeId, long finishedMillis, String state) {
        db.update("UPDATE purge SET finished_ms = ?, state = ? WHERE id = ?", Params.of(finishedMillis, state, purgeId));
        return purge(purgeId).orElseThrow(() -> new IllegalStateException("purge " + purgeId + " vanished"));
    }

    @Override
    public List<ClaimedSegment> claimedSegments() {
        return db.list("SELECT purge_id, id, path FROM segment WHERE purge_id IS NOT NULL "
                        + "AND node_id IS NOT DISTINCT FROM ? ORDER BY purge_id, id", Params.of(node), rs -> new ClaimedSegment(rs.getLong(1), rs.getLong(2), rs.getString(3)));
    }

    @Override
    public List<Long> unfinishedPurges() {
        return db.list("SELECT id FROM purge WHERE finished_ms IS NULL AND node_id IS NOT DISTINCT FROM ? ORDER BY id",
                Params.of(node), rs -> rs.getLong(1));
    }

    @Override
    public List<PurgeRecord> purges(String cameraId, long fromMillis, long toMillis, int limit) {
        return db.list("SELECT " + PURGE_COLUMNS + " FROM purge WHERE (? IS NULL OR camera_id = ?) "
                + "AND started_ms >= ? AND started_ms < ? ORDER BY started_ms DESC, id DESC LIMIT ?", ps -> {
                    ps.setString(1, cameraId);
                    ps.setString(2, cameraId);
                    ps.setLong(3, fromMillis);
                    ps.setLong(4, toMillis);
                    ps.setInt(5, limit);
                }, SqlRetentionStore::purgeAt);
    }

    @Override
    public Optional<PurgeRecord> purge(long id) {
        return db.first("SELECT " + PURGE_COLUMNS + " FROM purge WHERE id = ?", Params.of(id), SqlRetentionStore::purgeAt);
    }

    @Override
    public List<PurgeRecord> unauditedPurges(int limit) {
        return db.list("SELECT " + PURGE_COLUMNS + " FROM purge WHERE audited_ms IS NULL AND finished_ms IS NOT NULL "
                + "ORDER BY id LIMIT ?", Params.of(limit), SqlRetentionStore::purgeAt);
    }

    @Override
    public boolean markPurgeAudited(long purgeId, long auditedMillis) {
        return db.update("UPDATE purge SET audited_ms = ? WHERE id = ? AND audited_ms IS NULL "
                + "AND finished_ms IS NOT NULL", Params.of(auditedMillis, purgeId)) == 1;
    }

    private static PurgeRecord purgeAt(ResultSet rs) throws SQLException {
        return new PurgeRecord(rs.getLong(1), rs.getString(2), Rows.instant(rs, 3), Rows.instant(rs, 4), rs.getLong(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), Rows.instantOrNull(rs, 9), Rows.instant(rs, 10),
                Rows.instantOrNull(rs, 11), rs.getString(12));
    }

    @Override
    public void rememberRetention(List<RememberedRetention> cameras, long nowMillis) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera_retention(camera_id, retention_days, "
                    + "legal_regime, updated_ms) VALUES (?,?,?,?) ON CONFLICT(camera_id) DO UPDATE SET "
                    + "retention_days = excluded.retention_days, legal_regime = excluded.legal_regime, "
                    + "updated_ms = excluded.updated_ms "
                    + "WHERE camera_retention.retention_days <> excluded.retention_days "
                    + "OR camera_retention.legal_regime IS DISTINCT FROM excluded.legal_regime")) {
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
        Map<String, RememberedRetention> out = new LinkedHashMap<>();
        for (RememberedRetention r : db.list("SELECT camera_id, retention_days, legal_regime FROM camera_retention",
                Params.NONE, rs -> new RememberedRetention(rs.getString(1), rs.getInt(2), rs.getString(3)))) {
            out.put(r.cameraId(), r);
        }
        return out;
    }
}
