package nl.poortwachter.recorder.cluster;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Camera leases and node heartbeats in the cluster's shared database (D72), timed by the database server's clock so
 * that every node judges expiry by the same clock. A lease's token grows by one whenever the camera changes holder:
 * the fencing token that every index write of the camera carries.
 */
public interface LeaseStore {

    /** A camera's lease as it stands; {@code remainingMillis} is negative once it ran out. */
    record Lease(String cameraId, String nodeId, String holder, long token, long remainingMillis) {
    }

    /**
     * A node that sent a heartbeat recently.
     *
     * @param capacity         the most cameras it may record, as configured ({@code cluster.capacity}; 0: no limit)
     * @param measuredCapacity the cameras it can record by its own measure of their cost (D91); null before it has
     *                         measured any
     */
    record Node(String nodeId, String incarnation, String address, int capacity, Integer measuredCapacity) {
    }

    /**
     * Takes the camera if nobody holds it or its lease ran out, with a token one higher than the last; in the same
     * transaction it seals the segments the previous holders left open (complete at what they committed), so that
     * none of their writes can land after this.
     *
     * @param holder this process (node id and a random id per start): a restarted node is a new holder
     * @return the new token, or empty when another holder's lease is still running
     */
    OptionalLong acquire(String cameraId, String holder, String nodeId, long leaseMillis);

    /** Extends every lease of this holder; returns those it still holds (camera id → token). */
    Map<String, Long> renew(String holder, long leaseMillis);

    /** Lets the lease go at once (the camera stopped here), so another node can take it without waiting. */
    void release(String cameraId, String holder, long token);

    List<Lease> leases();

    /**
     * Says this node is alive, where it serves footage, and how many cameras it can take: as configured, and by its
     * own measure (null: not measured yet).
     */
    void heartbeat(String nodeId, String incarnation, String address, int capacity, Integer measuredCapacity);

    /** The nodes heard from within {@code withinMillis}. */
    List<Node> liveNodes(long withinMillis);
}
