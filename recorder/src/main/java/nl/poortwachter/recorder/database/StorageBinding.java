package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which storage folder a database belongs to: the folder's identity (a UUID made at its first start, kept in a
 * file in the folder) is written into every database opened with it, in table {@code storage_binding}. A
 * database that holds another folder's identity is refused, so that a restored backup of another disk, or an
 * empty folder where the storage disk failed to mount, is never mixed with the wrong footage. A database without
 * a binding (new, or from before bindings existed) is bound on first use. The shared database of a cluster holds
 * one row per node's folder; the embedded gateway has one.
 */
public final class StorageBinding {
    static final String TABLE = "storage_binding";

    private StorageBinding() {
    }

    /** The storage identities the database is bound to; empty when none (or when its schema has no such table). */
    public static List<String> read(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        if (!hasTable(c)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT storage_id FROM " + TABLE + " ORDER BY bound_ms");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Binds an unbound database to the folder (inside the caller's transaction); refuses one bound elsewhere. A
     * shared database (a cluster's, {@link Dialect#shared()}) is bound to every node's folder: one row each.
     */
    static void bind(Connection c, Dialect dialect, String storageId, String describe, long nowMillis)
            throws SQLException {
        List<String> bound = read(c);
        if (bound.contains(storageId)) {
            return;
        }
        if (!bound.isEmpty() && !dialect.shared()) {
            throw new ForeignDatabaseException(refusal(describe, bound.get(0), storageId));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (storage_id, bound_ms) VALUES (?, ?)")) {
            ps.setString(1, storageId);
            ps.setLong(2, nowMillis);
            ps.executeUpdate();
        }
    }

    static String refusal(String describe, String boundTo, String storageId) {
        return describe + " belongs to storage folder " + boundTo + ", not to this storage folder (" + storageId
                + "): it may be a backup of another disk, or the storage disk is not mounted. Start with the "
                + "storage folder it belongs to, or with this folder's own database";
    }

    private static boolean hasTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, TABLE, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
