package nl.poortwachter.recorder.database.index;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import nl.poortwachter.recorder.cluster.LeaseStore;
import nl.poortwachter.recorder.database.Database;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.Sql.Params;

/** Tables {@code camera_lease} and {@code cluster_node} (schema: docs/index-schema.md; D72). */
final class SqlLeaseStore implements LeaseStore {
    private final Database db;
    /** The database server's clock, epoch milliseconds. */
    private final String now;

    SqlLeaseStore(Database db) {
        this.db = db;
        this.now = db.dialect().nowMillis();
    }

    @Override
    public OptionalLong acquire(String cameraId, String holder, String nodeId, long leaseMillis) {
        return db.write(c -> {
            var token = Sql.first(c, "INSERT INTO camera_lease(camera_id, holder, node_id, token, expires_ms, "
                    + "acquired_ms) VALUES (?, ?, ?, 1, " + now + " + ?, " + now + ") ON CONFLICT (camera_id) DO UPDATE "
                    + "SET holder = excluded.holder, node_id = excluded.node_id, token = camera_lease.token + 1, "
                    + "expires_ms = excluded.expires_ms, acquired_ms = excluded.acquired_ms "
                    + "WHERE camera_lease.expires_ms < " + now + " RETURNING token",
                    Params.of(cameraId, holder, nodeId, leaseMillis), rs -> rs.getLong(1));
            if (token.isEmpty()) {
                return OptionalLong.empty();
            }
            // The row locks of these updates wait for a stale holder's write in flight, and its next write finds the
            // segment complete: see SqlSegmentIndex.FENCE.
            Sql.update(c, "UPDATE segment SET complete = 1 WHERE camera_id = ? AND complete = 0 "
                    + "AND lease_token IS NOT NULL AND lease_token < ?", Params.of(cameraId, token.get()));
            return OptionalLong.of(token.get());
        });
    }

    @Override
    public Map<String, Long> renew(String holder, long leaseMillis) {
        return db.write(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Lease l : Sql.list(c, "UPDATE camera_lease SET expires_ms = " + now + " + ? WHERE holder = ? "
                    + "RETURNING camera_id, token", Params.of(leaseMillis, holder),
                    rs -> new Lease(rs.getString(1), null, holder, rs.getLong(2), leaseMillis))) {
                out.put(l.cameraId(), l.token());
            }
            return out;
        });
    }

    @Override
    public void release(String cameraId, String holder, long token) {
        // The holder goes too: its next renewal (of all its leases at once) must not take this one back.
        db.update("UPDATE camera_lease SET expires_ms = 0, holder = '' WHERE camera_id = ? AND holder = ? AND token = ?",
                Params.of(cameraId, holder, token));
    }

    @Override
    public List<Lease> leases() {
        return db.list("SELECT camera_id, node_id, holder, token, expires_ms - " + now + " FROM camera_lease "
                + "ORDER BY camera_id", Params.NONE, rs -> new Lease(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getLong(4), rs.getLong(5)));
    }

    @Override
    public void heartbeat(String nodeId, String incarnation, String address, int capacity, Integer measuredCapacity) {
        db.update("INSERT INTO cluster_node(node_id, incarnation, address, capacity, measured_capacity, heartbeat_ms, "
                + "started_ms) VALUES (?, ?, ?, ?, ?, " + now + ", " + now + ") ON CONFLICT (node_id) DO UPDATE SET "
                + "incarnation = excluded.incarnation, address = excluded.address, capacity = excluded.capacity, "
                + "measured_capacity = excluded.measured_capacity, heartbeat_ms = excluded.heartbeat_ms, started_ms = CASE WHEN cluster_node.incarnation = "
                + "excluded.incarnation THEN cluster_node.started_ms ELSE excluded.started_ms END",
                Params.of(nodeId, incarnation, address, capacity, measuredCapacity));
    }

    @Override
    public List<Node> liveNodes(long withinMillis) {
        return db.list("SELECT node_id, incarnation, address, capacity, measured_capacity FROM cluster_node "
                + "WHERE heartbeat_ms > " + now + " - ? ORDER BY node_id", Params.of(withinMillis),
                rs -> {
                    int measured = rs.getInt(5);
                    Integer measuredCapacity = rs.wasNull() ? null : measured;
                    return new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), measuredCapacity);
                });
    }
}
