package nl.poortwachter.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster bench's view of the shared index (D72, D91), read directly from PostgreSQL: live nodes, who holds which
 * camera, each node's measured capacity, and how much of a window each camera's segments cover.
 */
final class ClusterProbe implements AutoCloseable {
    /** Now by the database server's clock, as the nodes time leases and heartbeats. */
    private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    /** How long no camera may change node before a window starts. */
    static final long STEADY_MILLIS = 5_000;
    private final Connection c;

    ClusterProbe(nl.poortwachter.recorder.database.PostgresOptions db) throws SQLException {
        c = DriverManager.getConnection(db.url(), db.user(), null);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO pw_index");
        }
    }

    /** Waits until {@code n} nodes beat (within the default lease). */
    void awaitNodes(int n, long millis) throws Exception {
        await(millis, n + " live nodes", () -> count("SELECT COUNT(*) FROM cluster_node WHERE heartbeat_ms > " + NOW
                + " - 6000") >= n);
    }

    /** Waits until no camera is leased any more (the cameras were removed). */
    void awaitNoLeases(long millis) throws Exception {
        await(millis, "every lease let go", () -> count("SELECT COUNT(*) FROM camera_lease WHERE expires_ms > " + NOW) == 0);
    }

    /**
     * Waits until every camera has footage in the index that ends after {@code sinceMillis} and no camera has changed
     * node (its lease token) for {@link #STEADY_MILLIS}: a camera moving during the window would show its handover gap.
     *
     * @return false when that did not happen within {@code millis} (a full box: the window then shows it)
     */
    boolean awaitSteady(List<String> ids, long sinceMillis, long millis) throws Exception {
        String[] tokens = {""};
        long[] changed = {System.currentTimeMillis()};
        try {
            await(millis, "every camera recording, none moving", () -> {
                String now = tokens();
                if (!now.equals(tokens[0])) {
                    tokens[0] = now;
                    changed[0] = System.currentTimeMillis();
                }
                return System.currentTimeMillis() - changed[0] >= STEADY_MILLIS && recording(ids, sinceMillis);
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean recording(List<String> ids, long sinceMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT camera_id) FROM segment "
                + "WHERE camera_id = ANY (?) AND bytes > 0 AND end_ms > ?")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.setLong(2, sinceMillis);
            return single(ps) == ids.size();
        }
    }

    /** Every camera's lease token, in one string: it changes when any camera changes node. */
    private String tokens() throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT camera_id, token FROM camera_lease "
                + "WHERE expires_ms > " + NOW + " ORDER BY camera_id")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
            }
        }
        return sb.toString();
    }

    /** Node → cameras it holds a running lease of. */
    Map<String, Integer> camerasPerNode() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT node_id, COUNT(*) FROM camera_lease "
                + "WHERE expires_ms > " + NOW + " GROUP BY node_id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** Node → its published measured capacity (null: not measured yet), live nodes only. */
    Map<String, Integer> measuredCapacity() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT node_id, measured_capacity FROM "
                + "cluster_node WHERE heartbeat_ms > " + NOW + " - 6000")) {
            while (rs.next()) {
                int v = rs.getInt(2);
                Integer measured = rs.wasNull() ? null : v; // before reading another column
                out.put(rs.getString(1), measured);
            }
        }
        return out;
    }

    /** Camera → milliseconds of [from, to) its segments (on any node) cover. */
    Map<String, Long> recordedMillis(List<String> ids, long from, long to) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        ids.forEach(id -> out.put(id, 0L));
        try (PreparedStatement ps = c.prepareStatement("SELECT camera_id, SUM(LEAST(end_ms, ?) - GREATEST(start_ms, ?)) "
                + "FROM segment WHERE camera_id = ANY (?) AND end_ms > ? AND start_ms < ? GROUP BY camera_id")) {
            ps.setLong(1, to);
            ps.setLong(2, from);
            ps.setArray(3, c.createArrayOf("text", ids.toArray()));
            ps.setLong(4, from);
            ps.setLong(5, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return single(ps);
        }
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean met() throws SQLException;
    }

    private static void await(long millis, String what, Condition condition) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.met()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("not within " + millis / 1000 + " s: " + what);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
