package nl.poortwachter.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Each user's own settings for the pages, kept by the gateway so that they follow the user to another
 * workstation: today the live grid's layout and which cameras fill it, in that order. One small JSON object per
 * user in {@code auth.db} (table {@code user_preference}, removed with its user). Not secret and not access to
 * footage, so not in the audit log. Every method blocks on the disk: call it from a worker.
 */
public final class PreferenceStore implements AutoCloseable {
    /** Null fields mean "the page's default". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preferences(Integer liveLayout, List<String> liveCameras) {
        public static final Preferences NONE = new Preferences(null, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection db;

    /** Opens the table in the user database (which {@link UserStore} has created) on a connection of its own. */
    public PreferenceStore(Path file) {
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("CREATE TABLE IF NOT EXISTS user_preference (user_id TEXT PRIMARY KEY REFERENCES app_user(id)"
                        + " ON DELETE CASCADE, settings TEXT NOT NULL, updated_ms INTEGER NOT NULL)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open user preferences in " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized Preferences get(String userId) {
        try (PreparedStatement ps = db.prepareStatement("SELECT settings FROM user_preference WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? JSON.readValue(rs.getString(1), Preferences.class) : Preferences.NONE;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read preferences: " + e.getMessage(), e);
        }
    }

    /** Replaces the user's settings; checked by the caller. */
    public synchronized void put(String userId, Preferences p, long nowMillis) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO user_preference (user_id, settings, updated_ms)"
                + " VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings,"
                + " updated_ms = excluded.updated_ms")) {
            ps.setString(1, userId);
            ps.setString(2, JSON.writeValueAsString(p));
            ps.setLong(3, nowMillis);
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot store preferences: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to save
        }
    }
}
