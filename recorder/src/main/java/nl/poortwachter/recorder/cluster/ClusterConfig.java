package nl.poortwachter.recorder.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import nl.poortwachter.recorder.database.PostgresOptions;

/**
 * This gateway as a node of a cluster (D70, D72, D77): its name, the shared PostgreSQL database, how its camera
 * leases are kept, and where the other nodes reach its footage. A gateway without one is the embedded single node
 * (SQLite in its storage folder).
 *
 * @param nodeId      the node's name, unique in the cluster; index rows carry it
 * @param database    the shared database
 * @param lease       how long a camera lease runs without renewal: a dead node's cameras move after about this long
 * @param capacity    the most cameras this node records (0: no limit)
 * @param host        this node's address on the cluster network, as the other nodes reach it
 * @param peerPort    where this node serves its footage to the other nodes (node-to-node, signed requests)
 * @param peerStorage a folder holding every node's storage folder as {@code <folder>/<node-id>/} (shared storage,
 *                    mounted here), or null: other nodes' footage is then streamed from them
 */
public record ClusterConfig(String nodeId, PostgresOptions database, Duration lease, int capacity, String host,
                            int peerPort, Path peerStorage) {
    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(host, "host");
        if (lease.toMillis() < 1_000) {
            throw new IllegalArgumentException("a lease of at least a second");
        }
        if (peerPort < 1 || peerPort > 65_535) {
            throw new IllegalArgumentException("a node-to-node port between 1 and 65535");
        }
    }

    /** A node on this machine's loopback address, node-to-node on {@code peerPort} (tests). */
    public ClusterConfig(String nodeId, PostgresOptions database, Duration lease, int capacity) {
        this(nodeId, database, lease, capacity, "127.0.0.1", 5703, null);
    }

    /** Renewals (and heartbeats, and the look for cameras to take) happen this often: a sixth of the lease. */
    public Duration renewEvery() {
        return lease.dividedBy(6);
    }

    /** {@code host:port} of this node's node-to-node footage, as the node table publishes it. */
    public String peerAddress() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + peerPort;
    }
}
