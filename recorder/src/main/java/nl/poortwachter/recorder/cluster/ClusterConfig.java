package nl.poortwachter.recorder.cluster;

import java.time.Duration;
import java.util.Objects;
import nl.poortwachter.recorder.database.PostgresOptions;

/**
 * This gateway as a node of a cluster (D70, D72): its name, the shared PostgreSQL database, and how its camera
 * leases are kept. A gateway without one is the embedded single node (SQLite in its storage folder).
 *
 * @param nodeId   the node's name, unique in the cluster; index rows carry it
 * @param database the shared database
 * @param lease    how long a camera lease runs without renewal: a dead node's cameras move after about this long
 * @param capacity the most cameras this node records (0: no limit)
 */
public record ClusterConfig(String nodeId, PostgresOptions database, Duration lease, int capacity) {
    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(database, "database");
        if (lease.toMillis() < 1_000) {
            throw new IllegalArgumentException("a lease of at least a second");
        }
    }

    /** Renewals (and heartbeats, and the look for cameras to take) happen this often: a sixth of the lease. */
    public Duration renewEvery() {
        return lease.dividedBy(6);
    }
}
