package nl.poortwachter.recorder.database.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;

/**
 * Tables {@code camera} and {@code camera_credential}: a camera and its credentials change in one transaction; a new
 * camera gets its register entry, and a removed one leaves it, in the same transaction ({@link SqlRegisterStore}).
 */
final class SqlCameraStore implements CameraStore {
    private static final String SELECT = "SELECT c.*, k.username, k.password FROM camera c "
            + "LEFT JOIN camera_credential k ON k.camera_id = c.id";

    private final Database db;

    SqlCameraStore(Database db) {
        this.db = db;
    }

    @Override
    public List<CameraSpec> list() {
        return db.list(SELECT + " ORDER BY c.id", Params.NONE, SqlCameraStore::cameraAt);
    }

    @Override
    public Optional<CameraSpec> find(String id) {
        return db.first(SELECT + " WHERE c.id = ?", Params.of(id), SqlCameraStore::cameraAt);
    }

    private static CameraSpec cameraAt(ResultSet rs) throws SQLException {
        CameraPipelineJson.Pipeline p = CameraPipelineJson.read(rs.getString("pipeline"));
        return new CameraSpec(rs.getString("id"), rs.getString("name"), rs.getString("url"), rs.getString("username"),
                rs.getString("password"), rs.getString("vendor"), rs.getString("model"), rs.getString("location"),
                rs.getString("purpose"), rs.getString("legal_regime"), rs.getInt("retention_days"),
                rs.getInt("recording") != 0, Transport.valueOf(rs.getString("transport")), p.mode(), p.transcode(),
                p.masks(), p.policyOverride());
    }

    @Override
    public boolean insert(CameraSpec camera) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera(id, name, url, vendor, model, location, "
                    + "purpose, legal_regime, retention_days, recording, transport, pipeline, created_ms, updated_ms) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING")) {
                long now = System.currentTimeMillis();
                ps.setString(1, camera.id());
                bind(ps, camera, 2);
                ps.setLong(13, now);
                ps.setLong(14, now);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            writeCredentials(c, camera);
            SqlRegisterStore.addForCamera(c, camera.id(), System.currentTimeMillis());
            return true;
        });
    }

    @Override
    public boolean update(CameraSpec camera) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE camera SET name=?, url=?, vendor=?, model=?, "
                    + "location=?, purpose=?, legal_regime=?, retention_days=?, recording=?, transport=?, pipeline=?, "
                    + "updated_ms=? WHERE id=?")) {
                bind(ps, camera, 1);
                ps.setLong(12, System.currentTimeMillis());
                ps.setString(13, camera.id());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            writeCredentials(c, camera);
            return true;
        });
    }

    private static void bind(PreparedStatement ps, CameraSpec c, int first) throws SQLException {
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

    private static void writeCredentials(Connection c, CameraSpec camera) throws SQLException {
        Sql.update(c, "DELETE FROM camera_credential WHERE camera_id=?", Params.of(camera.id()));
        if (camera.hasCredentials()) {
            Sql.update(c, "INSERT INTO camera_credential(camera_id, username, password) VALUES (?,?,?)", ps -> {
                ps.setString(1, camera.id());
                ps.setString(2, camera.username());
                ps.setString(3, camera.password());
            });
        }
    }

    /** The camera's register entry stays, "to connect", with what the camera kept of it (in the same transaction). */
    @Override
    public boolean delete(String id) {
        return db.write(c -> {
            SqlRegisterStore.keepOnRemoval(c, id, System.currentTimeMillis());
            return Sql.update(c, "DELETE FROM camera WHERE id=?", Params.of(id)) > 0;
        });
    }
}
