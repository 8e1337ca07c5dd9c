package nl.poortwachter.recorder.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.CameraLease;

/**
 * Keeps this node's camera leases (D72). Every {@link ClusterConfig#renewEvery()} it beats, renews its leases (one
 * statement), stops the cameras whose lease another node took, takes free or expired cameras up to its share, and
 * gives one camera back when it holds more than its share while another node has room (a bounded move per round).
 *
 * <p>A lease is valid here until the time the renewal that last confirmed it was <em>sent</em> plus the lease, less a
 * margin, by this process's monotonic clock. The database's own expiry is measured from when the statement ran, which
 * is later: so this node always stops believing before any other node may take the camera. A paused or cut-off node
 * finds its leases invalid the moment it runs again, before it hears anything.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Log LOG = Log.of(LeaseKeeper.class);

    /** What the keeper starts and stops: the recorder's cameras on this node. */
    public interface Cameras {
        /** Every camera that should be recorded somewhere in the cluster (recording on), by id. */
        Set<String> recordable();

        /** Starts recording the camera here under the lease (returns at once). */
        void start(String cameraId, CameraLease lease);

        /** Stops recording it here; returns once its segment is closed (nothing more is written). */
        void stop(String cameraId);
    }

    private final class Held implements CameraLease {
        final String cameraId;
        final long token;
        volatile long validUntilNanos;

        Held(String cameraId, long token, long validUntilNanos) {
            this.cameraId = cameraId;
            this.token = token;
            this.validUntilNanos = validUntilNanos;
        }

        @Override
        public Long token() {
            return token;
        }

        @Override
        public boolean valid() {
            return System.nanoTime() - validUntilNanos < 0 && !closed;
        }
    }

    private final LeaseStore store;
    private final ClusterConfig config;
    private final String address;
    private final Cameras cameras;
    private final Supplier<OptionalInt> measure;
    private final MeasuredCapacity measured = new MeasuredCapacity();
    private final String holder;
    private final long leaseMillis;
    private final long marginNanos;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final NodeDirectory nodes = new NodeDirectory();
    private final ScheduledExecutorService loop;
    private volatile boolean closed;

    /**
     * @param address where the other nodes reach this node's footage (node-to-node), for the node table
     * @param measure how many cameras this node can record by the recorder's own measure (D91); empty while it has
     *                measured none
     */
    public LeaseKeeper(LeaseStore store, ClusterConfig config, String address, Cameras cameras,
                       Supplier<OptionalInt> measure) {
        this.store = store;
        this.config = config;
        this.address = address;
        this.cameras = cameras;
        this.measure = measure;
        this.holder = config.nodeId() + "#" + UUID.randomUUID();
        this.leaseMillis = config.lease().toMillis();
        // A fifth of the lease: covers a slow statement and the clocks' rate difference many times over.
        this.marginNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis / 5);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-keeper");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long every = config.renewEvery().toMillis();
        loop.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
    }

    /** This process as a lease holder (node id and a random id of this start). */
    public String holder() {
        return holder;
    }

    /** Cameras this node records now, by id, with their tokens. */
    public Map<String, Long> held() {
        Map<String, Long> out = new HashMap<>();
        held.forEach((id, h) -> out.put(id, h.token));
        return out;
    }

    /** The live nodes and where they serve footage, as of this node's last round. */
    public NodeDirectory nodes() {
        return nodes;
    }

    /** The lease a camera is recorded under here, or null when this node does not hold it. */
    public CameraLease lease(String cameraId) {
        return held.get(cameraId);
    }

    /** The node holding a running lease of the camera, by the database's clock; empty when none does. */
    public java.util.Optional<String> holderOf(String cameraId) {
        return store.leases().stream().filter(l -> l.cameraId().equals(cameraId) && l.remainingMillis() >= 0)
                .map(LeaseStore.Lease::nodeId).findFirst();
    }

    void round() {
        if (closed) {
            return;
        }
        try {
            store.heartbeat(config.nodeId(), holder, address, config.capacity(), measuredCapacity());
            renew();
            balance();
        } catch (RuntimeException e) {
            // The database is out of reach: no lease is confirmed, so each runs out here on its own (fail closed).
            LOG.warn("cluster.round.failed", "node", config.nodeId(), "error", e.getMessage());
            stopExpired();
        } catch (Error e) {
            // A scheduled task that throws is never run again: say so, the leases then run out here.
            LOG.error("cluster.round.failed", e, "node", config.nodeId());
            throw e;
        }
    }

    /** This node's measured capacity to publish, held steady (D91); logged when it changes. */
    private Integer measuredCapacity() {
        Integer before = measured.published();
        Integer now = measured.next(System.nanoTime(), held.size(), measure.get());
        if (now != null && !now.equals(before)) {
            LOG.debug("cluster.capacity.measured", "node", config.nodeId(), "cameras", now, "holding", held.size(),
                    "configured", config.capacity());
        }
        return now;
    }

    private void renew() {
        long sent = System.nanoTime();
        Map<String, Long> still = store.renew(holder, leaseMillis);
        long validUntil = sent + TimeUnit.MILLISECONDS.toNanos(leaseMillis) - marginNanos;
        for (Held h : List.copyOf(held.values())) {
            Long token = still.get(h.cameraId);
            if (token != null && token == h.token) {
                h.validUntilNanos = validUntil;
            } else {
                LOG.warn("cluster.lease.lost", "node", config.nodeId(), "camera", h.cameraId, "fence", h.token);
                stopHere(h, false);
            }
        }
    }

    private void stopExpired() {
        for (Held h : List.copyOf(held.values())) {
            if (!h.valid()) {
                LOG.warn("cluster.lease.expired", "node", config.nodeId(), "camera", h.cameraId, "fence", h.token);
                stopHere(h, false);
            }
        }
    }

    private void balance() {
        Set<String> recordable = cameras.recordable();
        for (Held h : List.copyOf(held.values())) {
            if (!recordable.contains(h.cameraId)) {
                stopHere(h, true); // removed, or recording switched off
            }
        }
        List<LeaseStore.Node> nodes = store.liveNodes(leaseMillis);
        this.nodes.update(nodes);
        Map<String, Integer> targets = Shares.targets(nodes, recordable.size());
        int mine = held.size();
        int target = targets.getOrDefault(config.nodeId(), 0);
        List<LeaseStore.Lease> leases = store.leases();
        if (mine < target) {
            Map<String, LeaseStore.Lease> byCamera = new HashMap<>();
            leases.forEach(l -> byCamera.put(l.cameraId(), l));
            List<String> free = new ArrayList<>();
            for (String id : recordable) {
                LeaseStore.Lease l = byCamera.get(id);
                if (!held.containsKey(id) && (l == null || l.remainingMillis() < 0)) {
                    free.add(id);
                }
            }
            free.sort(Comparator.naturalOrder());
            for (String id : free.subList(0, Math.min(free.size(), target - mine))) {
                take(id);
            }
        } else if (mine > target && someoneHasRoom(nodes, targets, leases)) {
            // One move per round: a joining node fills up in a few rounds, and nothing flaps.
            held.values().stream().map(h -> h.cameraId).max(Comparator.naturalOrder())
                    .ifPresent(id -> stopHere(held.get(id), true));
        }
    }

    private boolean someoneHasRoom(List<LeaseStore.Node> nodes, Map<String, Integer> targets, List<LeaseStore.Lease> leases) {
        Map<String, Integer> counts = new HashMap<>();
        for (LeaseStore.Lease l : leases) {
            if (l.remainingMillis() >= 0) {
                counts.merge(l.nodeId(), 1, Integer::sum);
            }
        }
        for (LeaseStore.Node n : nodes) {
            if (!n.nodeId().equals(config.nodeId())
                    && counts.getOrDefault(n.nodeId(), 0) < targets.getOrDefault(n.nodeId(), 0)) {
                return true;
            }
        }
        return false;
    }

    private void take(String cameraId) {
        long sent = System.nanoTime();
        OptionalLong token = store.acquire(cameraId, holder, config.nodeId(), leaseMillis);
        if (token.isEmpty()) {
            return; // another node was quicker
        }
        Held h = new Held(cameraId, token.getAsLong(), sent + TimeUnit.MILLISECONDS.toNanos(leaseMillis) - marginNanos);
        held.put(cameraId, h);
        LOG.info("cluster.lease.taken", "node", config.nodeId(), "camera", cameraId, "fence", h.token);
        try {
            cameras.start(cameraId, h);
        } catch (RuntimeException e) {
            LOG.error("cluster.camera.start.failed", e, "camera", cameraId);
            stopHere(h, true);
        }
    }

    /** Stops the camera here, then (when still ours) lets the lease go so that another node takes it at once. */
    private void stopHere(Held h, boolean release) {
        held.remove(h.cameraId, h);
        try {
            cameras.stop(h.cameraId);
        } catch (RuntimeException e) {
            LOG.error("cluster.camera.stop.failed", e, "camera", h.cameraId);
        }
        if (release) {
            try {
                store.release(h.cameraId, holder, h.token);
            } catch (RuntimeException e) {
                LOG.warn("cluster.lease.release.failed", "camera", h.cameraId, "error", e.getMessage());
            }
        }
    }

    /** Stops every camera here and lets their leases go (a clean shutdown: the others take over at once). */
    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Held h : List.copyOf(held.values())) {
            stopHere(h, true);
        }
        closed = true;
    }

    /** For tests: the node dies (kill -9): nothing is stopped or released, the leases just run out. */
    void die() {
        closed = true;
        loop.shutdownNow();
    }
}
