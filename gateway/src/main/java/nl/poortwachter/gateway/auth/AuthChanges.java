package nl.poortwachter.gateway.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Rows;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;

/**
 * The log of what changed in users, grants and login sessions (table {@code auth_change}), written by a cluster node
 * in the transaction of the change (users) or right after it (login sessions), and read by every node to bring its
 * in-memory mirror up to date (D73). Sessions appear by their SHA-256, never by their token.
 */
public final class AuthChanges {
    public static final String USER = "user";
    public static final String SESSION = "session";
    public static final String SESSION_REVOKED = "session-revoked";
    /**
     * Every login session of {@code user_id} made until {@code created_ms} (the revocation's time) except the one in
     * {@code subject} (or all, when it is "*").
     */
    public static final String SESSIONS_REVOKED = "sessions-revoked";
    /** A camera group made, changed or removed ({@code subject}: its id): grants on groups follow it (D79). */
    public static final String CAMERA_GROUP = "camera-group";

    public record Change(long seq, String kind, String subject, String userId, Long createdMillis) {
    }

    private final Database db;

    public AuthChanges(Database db) {
        this.db = db;
    }

    static void record(Connection c, String kind, String subject, String userId, Long createdMillis) throws SQLException {
        Sql.update(c, "INSERT INTO auth_change (kind, subject, user_id, created_ms, changed_ms) VALUES (?,?,?,?,?)", ps -> {
            ps.setString(1, kind);
            ps.setString(2, subject);
            ps.setString(3, userId);
            Rows.setLong(ps, 4, createdMillis);
            ps.setLong(5, System.currentTimeMillis());
        });
    }

    public void record(String kind, String subject, String userId, Long createdMillis) {
        db.write(c -> {
            record(c, kind, subject, userId, createdMillis);
            return null;
        });
    }

    /**
     * Changes after {@code seq}, in order. Two transactions may commit out of their sequence order, so a reader asks
     * again from a little before its last seen number; applying a change twice does no harm.
     */
    public List<Change> since(long seq) {
        return db.list("SELECT seq, kind, subject, user_id, created_ms FROM auth_change WHERE seq > ? ORDER BY seq",
                Params.of(seq), rs -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Rows.longOrNull(rs, 5)));
    }

    /** The newest number, to start following from (0 when empty). */
    public long newest() {
        return db.first("SELECT COALESCE(MAX(seq), 0) FROM auth_change", Params.NONE, rs -> rs.getLong(1)).orElse(0L);
    }

    /** Forgets changes older than {@code beforeMillis}: every node has followed them long since. */
    public void prune(long beforeMillis) {
        db.update("DELETE FROM auth_change WHERE changed_ms < ?", Params.of(beforeMillis));
    }
}
