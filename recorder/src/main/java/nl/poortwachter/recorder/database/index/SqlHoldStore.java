package nl.poortwachter.recorder.database.index;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Rows;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.retention.HoldStore;
import nl.poortwachter.recorder.retention.LegalHold;

/** Table {@code legal_hold}: holds are never deleted, only released. */
final class SqlHoldStore implements HoldStore {
    private static final String COLUMNS = "id, camera_id, from_ms, to_ms, reason, requester, case_number, "
            + "created_ms, expires_ms, released_ms, released_by, release_reason";

    private final Database db;

    SqlHoldStore(Database db) {
        this.db = db;
    }

    @Override
    public long nextHoldId() {
        // Holds are never deleted, so the largest id so far is the last one handed out.
        return db.first("SELECT COALESCE(MAX(id), 0) + 1 FROM legal_hold", Params.NONE, rs -> rs.getLong(1))
                .orElseThrow();
    }

    @Override
    public LegalHold insertHold(LegalHold h) {
        db.update("INSERT INTO legal_hold(id, camera_id, from_ms, to_ms, reason, requester, case_number, created_ms, "
                + "expires_ms) VALUES (?,?,?,?,?,?,?,?,?)", ps -> {
                    ps.setLong(1, h.id());
                    ps.setString(2, h.cameraId());
                    ps.setLong(3, h.from().toEpochMilli());
                    ps.setLong(4, h.to().toEpochMilli());
                    ps.setString(5, h.reason());
                    ps.setString(6, h.requester());
                    ps.setString(7, h.caseNumber());
                    ps.setLong(8, h.createdAt().toEpochMilli());
                    ps.setLong(9, h.expiresAt().toEpochMilli());
                });
        return hold(h.id()).orElseThrow();
    }

    @Override
    public Optional<LegalHold> hold(long id) {
        return db.first("SELECT " + COLUMNS + " FROM legal_hold WHERE id = ?", Params.of(id), SqlHoldStore::holdAt);
    }

    @Override
    public List<LegalHold> holds(String cameraId, boolean activeOnly, long nowMillis) {
        return db.list("SELECT " + COLUMNS + " FROM legal_hold WHERE (? IS NULL OR camera_id = ?) "
                + "AND (? = 0 OR (released_ms IS NULL AND expires_ms > ?)) ORDER BY created_ms DESC, id DESC", ps -> {
                    ps.setString(1, cameraId);
                    ps.setString(2, cameraId);
                    ps.setInt(3, activeOnly ? 1 : 0);
                    ps.setLong(4, nowMillis);
                }, SqlHoldStore::holdAt);
    }

    private static LegalHold holdAt(ResultSet rs) throws SQLException {
        return new LegalHold(rs.getLong(1), rs.getString(2), Rows.instant(rs, 3), Rows.instant(rs, 4),
                rs.getString(5), rs.getString(6), rs.getString(7), Rows.instant(rs, 8), Rows.instant(rs, 9),
                Rows.instantOrNull(rs, 10), rs.getString(11), rs.getString(12));
    }

    @Override
    public boolean releaseHold(long id, String releasedBy, String reason, long releasedMillis) {
        return db.update("UPDATE legal_hold SET released_ms = ?, released_by = ?, release_reason = ? "
                + "WHERE id = ? AND released_ms IS NULL", Params.of(releasedMillis, releasedBy, reason, id)) == 1;
    }
}
