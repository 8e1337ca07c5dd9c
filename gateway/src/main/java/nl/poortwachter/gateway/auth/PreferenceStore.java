package nl.poortwachter.gateway.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import nl.poortwachter.recorder.database.Database;

/**
 * Each user's own settings for the pages, kept by the gateway so that they follow the user to another
 * workstation: today the live grid's layout and which cameras fill it, in that order. One small JSON object per
 * user in the user database (table {@code user_preference}, db/auth/V3; removed with its user). Not secret and not
 * access to footage, so not in the audit log (D60). Every method blocks on the disk: call it from a worker.
 */
public final class PreferenceStore {
    /** Null fields mean "the page's default". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Preferences(Integer liveLayout, List<String> liveCameras) {
        public static final Preferences NONE = new Preferences(null, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    /** @param db the user database ({@link UserStore#database()}), which owns and closes it */
    public PreferenceStore(Database db) {
        this.db = db;
    }

    public Preferences get(String userId) {
        return db.first("SELECT settings FROM user_preference WHERE user_id = ?", ps -> ps.setString(1, userId),
                rs -> read(rs.getString(1))).orElse(Preferences.NONE);
    }

    /** Replaces the user's settings; checked by the caller. */
    public void put(String userId, Preferences p, long nowMillis) {
        String json = write(p);
        db.update("INSERT INTO user_preference (user_id, settings, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_ms = excluded.updated_ms",
                ps -> {
                    ps.setString(1, userId);
                    ps.setString(2, json);
                    ps.setLong(3, nowMillis);
                });
    }

    private static Preferences read(String json) {
        try {
            return JSON.readValue(json, Preferences.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable preferences: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Preferences p) {
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
