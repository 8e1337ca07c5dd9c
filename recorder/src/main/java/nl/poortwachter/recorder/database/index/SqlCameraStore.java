package nl.poortwachter.recorder.database.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.secrets.CredentialCipher;

/**
 * Tables {@code camera}, {@code camera_credential} and {@code camera_sub_stream} (D89): a camera, its credentials and
 * its sub-stream change in one transaction.
 * Passwords are stored sealed ({@code password_sealed}, {@link CredentialCipher}); the plaintext column is read only
 * for what an index from before version 7 holds until the first start with a key seals it. A new camera gets its
 * register entry, and a removed one leaves it, in the same transaction ({@link SqlRegisterStore}).
 */
final class SqlCameraStore implements CameraStore {
    private static final Log LOG = Log.of(SqlCameraStore.class);
    private static final String SELECT = "SELECT c.*, k.username, k.password, k.password_sealed, s.url AS sub_url, "
            + "s.username AS sub_username, s.password_sealed AS sub_password_sealed FROM camera c "
            + "LEFT JOIN camera_credential k ON k.camera_id = c.id LEFT JOIN camera_sub_stream s ON s.camera_id = c.id";
    /** What a sub-stream's password is sealed for: not the camera's main password (D89). */
    private static final String SUB = "#sub";

    private final Database db;
    private final CredentialCipher cipher;

    SqlCameraStore(Database db, CredentialCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    @Override
    public List<CameraSpec> list() {
        return db.list(SELECT + " ORDER BY c.id", Params.NONE, this::cameraAt);
    }

    @Override
    public Optional<CameraSpec> find(String id) {
        return db.first(SELECT + " WHERE c.id = ?", Params.of(id), this::cameraAt);
    }

    private CameraSpec cameraAt(ResultSet rs) throws SQLException {
        CameraPipelineJson.Pipeline p = CameraPipelineJson.read(rs.getString("pipeline"));
        String sealed = rs.getString("password_sealed");
        String password = sealed != null ? cipher.open(rs.getString("id"), sealed) : rs.getString("password");
        return new CameraSpec(rs.getString("id"), rs.getString("name"), rs.getString("url"), rs.getString("username"),
                password, rs.getString("vendor"), rs.getString("model"), rs.getString("location"),
                rs.getString("purpose"), rs.getString("legal_regime"), rs.getInt("retention_days"),
                rs.getInt("recording") != 0, Transport.valueOf(rs.getString("transport")), p.mode(), p.transcode(),
                p.masks(), p.policyOverride(), subStreamAt(rs));
    }

    private SubStream subStreamAt(ResultSet rs) throws SQLException {
        String url = rs.getString("sub_url");
        if (url == null) {
            return null;
        }
        String sealed = rs.getString("sub_password_sealed");
        return new SubStream(url, rs.getString("sub_username"),
                sealed == null ? null : cipher.open(rs.getString("id") + SUB, sealed));
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
            writeSubStream(c, camera);
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
            writeSubStream(c, camera);
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

    private void writeCredentials(Connection c, CameraSpec camera) throws SQLException {
        Sql.update(c, "DELETE FROM camera_credential WHERE camera_id=?", Params.of(camera.id()));
        if (camera.hasCredentials()) {
            String sealed = camera.password() == null ? null : cipher.seal(camera.id(), camera.password());
            Sql.update(c, "INSERT INTO camera_credential(camera_id, username, password, password_sealed) "
                    + "VALUES (?,?,NULL,?)", ps -> {
                ps.setString(1, camera.id());
                ps.setString(2, camera.username());
                ps.setString(3, sealed);
            });
        }
    }

    private void writeSubStream(Connection c, CameraSpec camera) throws SQLException {
        Sql.update(c, "DELETE FROM camera_sub_stream WHERE camera_id=?", Params.of(camera.id()));
        SubStream sub = camera.subStream();
        if (sub != null) {
            String sealed = sub.password() == null ? null : cipher.seal(camera.id() + SUB, sub.password());
            Sql.update(c, "INSERT INTO camera_sub_stream(camera_id, url, username, password_sealed) VALUES (?,?,?,?)",
                    Params.of(camera.id(), sub.url(), sub.hasCredentials() ? sub.username() : null, sealed));
        }
    }

    /**
     * Seals every password still stored in plaintext (an index from before version 7), in one transaction, with
     * SQLite overwriting the old bytes rather than leaving them in free pages.
     *
     * @return how many were sealed
     */
    int sealPlaintext() {
        int n = db.write(c -> {
            List<String[]> plain = new java.util.ArrayList<>();
            db.dialect().overwriteFreedBytes(c, true);
            try (var s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT camera_id, password FROM camera_credential "
                        + "WHERE password IS NOT NULL AND password_sealed IS NULL")) {
                    while (rs.next()) {
                        plain.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] row : plain) {
                    Sql.update(c, "UPDATE camera_credential SET password_sealed = ?, password = NULL WHERE camera_id = ?",
                            Params.of(cipher.seal(row[0], row[1]), row[0]));
                }
            }
            db.dialect().overwriteFreedBytes(c, false);
            return plain.size();
        });
        if (n > 0) {
            LOG.info("camera.credentials.sealed", "cameras", n, "key_id", cipher.keyId());
        }
        return n;
    }

    /**
     * Opens every sealed password (sub-streams' too) with this store's keys and seals it again with {@code next}'s, in
     * one transaction: all are re-sealed, or none.
     *
     * @return how many were re-sealed
     */
    int reseal(CredentialCipher next) {
        return db.write(c -> {
            List<String[]> rows = new java.util.ArrayList<>();
            db.dialect().overwriteFreedBytes(c, true); // the old sealed values are overwritten, not left in free pages
            try (var s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT camera_id, password_sealed FROM camera_credential "
                        + "WHERE password_sealed IS NOT NULL")) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            for (String[] row : rows) {
                String plain = cipher.open(row[0], row[1]);
                Sql.update(c, "UPDATE camera_credential SET password_sealed = ? WHERE camera_id = ?",
                        Params.of(next.seal(row[0], plain), row[0]));
            }
            List<String[]> subs = Sql.list(c, "SELECT camera_id, password_sealed FROM camera_sub_stream "
                    + "WHERE password_sealed IS NOT NULL", Params.NONE, r -> new String[] {r.getString(1), r.getString(2)});
            for (String[] row : subs) {
                String plain = cipher.open(row[0] + SUB, row[1]);
                Sql.update(c, "UPDATE camera_sub_stream SET password_sealed = ? WHERE camera_id = ?",
                        Params.of(next.seal(row[0] + SUB, plain), row[0]));
            }
            db.dialect().overwriteFreedBytes(c, false);
            return rows.size() + subs.size();
        });
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
