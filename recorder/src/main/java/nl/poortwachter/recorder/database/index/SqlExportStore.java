package nl.poortwachter.recorder.database.index;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Rows;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.export.ExpiredExport;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.export.ExportStore;

/** Table {@code export}: an export's record and signed manifest outlive its file. */
final class SqlExportStore implements ExportStore {
    private static final String COLUMNS = "id, camera_id, from_ms, to_ms, exporter, purpose, case_number, created_ms, "
            + "expires_ms, state, file, bytes, sha256, error, finished_ms";

    private final Database db;
    /** This cluster node: exports are files of its storage folder, made, failed and expired by it; null embedded. */
    private final String node;

    SqlExportStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public void insertExport(ExportRecord e) {
        db.update("INSERT INTO export(id, camera_id, from_ms, to_ms, exporter, purpose, case_number, created_ms, "
                + "expires_ms, state, node_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", ps -> {
                    ps.setString(1, e.id());
                    ps.setString(2, e.cameraId());
                    ps.setLong(3, e.from().toEpochMilli());
                    ps.setLong(4, e.to().toEpochMilli());
                    ps.setString(5, e.exporter());
                    ps.setString(6, e.purpose());
                    ps.setString(7, e.caseNumber());
                    ps.setLong(8, e.createdAt().toEpochMilli());
                    ps.setLong(9, e.expiresAt().toEpochMilli());
                    ps.setString(10, e.state().name());
                    ps.setString(11, node);
                });
    }

    @Override
    public Optional<String> holder(String id) {
        return db.first("SELECT node_id FROM export WHERE id = ? AND node_id IS NOT NULL", Params.of(id),
                rs -> rs.getString(1));
    }

    @Override
    public Optional<ExportRecord> export(String id) {
        return db.first("SELECT " + COLUMNS + " FROM export WHERE id = ?", Params.of(id), SqlExportStore::exportAt);
    }

    @Override
    public List<ExportRecord> exports(String cameraId, int limit) {
        return db.list("SELECT " + COLUMNS + " FROM export WHERE (? IS NULL OR camera_id = ?) "
                + "ORDER BY created_ms DESC, id LIMIT ?", ps -> {
                    ps.setString(1, cameraId);
                    ps.setString(2, cameraId);
                    ps.setInt(3, limit);
                }, SqlExportStore::exportAt);
    }

    @Override
    public Optional<String> manifest(String id) {
        return db.first("SELECT manifest FROM export WHERE id = ? AND manifest IS NOT NULL", Params.of(id),
                rs -> rs.getString(1));
    }

    @Override
    public void finishExport(String id, ExportState state, String file, long bytes, String sha256, String manifest,
                             String error, long finishedMillis) {
        db.update("UPDATE export SET state = ?, file = ?, bytes = ?, sha256 = ?, manifest = ?, error = ?, "
                + "finished_ms = ? WHERE id = ?", ps -> {
                    ps.setString(1, state.name());
                    ps.setString(2, file);
                    ps.setLong(3, bytes);
                    ps.setString(4, sha256);
                    ps.setString(5, manifest);
                    ps.setString(6, error);
                    ps.setLong(7, finishedMillis);
                    ps.setString(8, id);
                });
    }

    @Override
    public List<ExportRecord> expiredExports(long nowMillis, int limit) {
        return db.list("SELECT " + COLUMNS + " FROM export WHERE expires_ms <= ? AND state IN ('ready', 'failed') "
                + "AND node_id IS NOT DISTINCT FROM ? ORDER BY expires_ms LIMIT ?", Params.of(nowMillis, node, limit),
                SqlExportStore::exportAt);
    }

    @Override
    public void markExpired(String id, long expiredMillis) {
        // The manifest stays: it is the record of what was handed out; only the video goes.
        db.update("UPDATE export SET state = 'expired', file = NULL, expired_ms = ? WHERE id = ?",
                Params.of(expiredMillis, id));
    }

    @Override
    public List<ExpiredExport> unauditedExpiries(int limit) {
        return db.list("SELECT " + COLUMNS + ", expired_ms FROM export WHERE state = 'expired' "
                        + "AND expiry_audited_ms IS NULL AND expired_ms IS NOT NULL ORDER BY expired_ms, id LIMIT ?",
                Params.of(limit), rs -> new ExpiredExport(exportAt(rs), Rows.instant(rs, 16)));
    }

    @Override
    public boolean markExpiryAudited(String id, long auditedMillis) {
        return db.update("UPDATE export SET expiry_audited_ms = ? WHERE id = ? AND state = 'expired' "
                + "AND expiry_audited_ms IS NULL", Params.of(auditedMillis, id)) == 1;
    }

    @Override
    public List<ExportRecord> pendingExports() {
        return db.list("SELECT " + COLUMNS + " FROM export WHERE state = 'pending' AND node_id IS NOT DISTINCT FROM ?",
                Params.of(node), SqlExportStore::exportAt);
    }

    /** The row at the cursor, read from the {@link #COLUMNS} it starts with. */
    private static ExportRecord exportAt(ResultSet rs) throws SQLException {
        return new ExportRecord(rs.getString(1), rs.getString(2), Rows.instant(rs, 3), Rows.instant(rs, 4),
                rs.getString(5), rs.getString(6), rs.getString(7), Rows.instant(rs, 8), Rows.instant(rs, 9),
                ExportState.valueOf(rs.getString(10)), rs.getString(11), rs.getLong(12), rs.getString(13),
                rs.getString(14), Rows.instantOrNull(rs, 15));
    }
}
