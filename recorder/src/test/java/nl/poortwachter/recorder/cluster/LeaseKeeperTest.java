package nl.poortwachter.recorder.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static nl.poortwachter.recorder.testing.Await.until;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.storage.CameraLease;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' keepers on one PostgreSQL index (D72): they share the cameras, a dead node's cameras move to the other
 * within about a lease, and a node that stalls longer than its lease has stopped believing in it before the other
 * node starts the camera (checked at every start), then learns it lost the camera and stops it.
 */
class LeaseKeeperTest {
    static final Duration LEASE = Duration.ofMillis(1200);
    static final Set<String> CAMERAS = Set.of("c1", "c2", "c3", "c4");

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final Map<String, LeaseKeeper> keepers = new ConcurrentHashMap<>();
    volatile long stallMillis;

    /** A node: records what it is told, and checks at each start that no other node still believes it holds it. */
    final class Node implements LeaseKeeper.Cameras {
        final String id;
        final Map<String, CameraLease> recording = new ConcurrentHashMap<>();
        volatile boolean stall;

        Node(String id) {
            this.id = id;
        }

        @Override
        public Set<String> recordable() {
            if (stall) {
                stall = false;
                try {
                    Thread.sleep(stallMillis); // the keeper's thread stops, as under SIGSTOP
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CAMERAS;
        }

        @Override
        public void start(String cameraId, CameraLease lease) {
            keepers.forEach((node, k) -> {
                CameraLease other = k.lease(cameraId);
                if (!node.equals(id) && other != null && other.valid()) {
                    violations.add(id + " started " + cameraId + " while " + node + " still held it");
                }
            });
            recording.put(cameraId, lease);
        }

        @Override
        public void stop(String cameraId) {
            recording.remove(cameraId);
        }
    }

    private Node node(TestDatabases dbs, String id) {
        return node(dbs, id, OptionalInt::empty);
    }

    /** @param measure what the node's recorder measures it can record (D91) */
    private Node node(TestDatabases dbs, String id, Supplier<OptionalInt> measure) {
        IndexDatabase index = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, id);
        open.add(index);
        Node n = new Node(id);
        LeaseKeeper k = new LeaseKeeper(index.leases(), new ClusterConfig(id, dbs.postgres(), LEASE, 0),
                "http://127.0.0.1/" + id, n, measure);
        keepers.put(id, k);
        open.add(0, k);
        k.start();
        return n;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void sharedThenMovedWhenANodeDiesAndNeverHeldTwiceWhenOneStalls() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        Node a = node(dbs, "node-a");
        Node b = node(dbs, "node-b");
        until(Duration.ofSeconds(20), "an even share", () -> a.recording.size() == 2 && b.recording.size() == 2);

        // A stalls for twice its lease: B takes A's cameras; A, running again, finds them lost and stops them.
        stallMillis = 2 * LEASE.toMillis();
        a.stall = true;
        until(Duration.ofSeconds(20), "B took A's cameras", () -> b.recording.size() == 4);
        until(Duration.ofSeconds(20), "A stopped what it lost", () -> a.recording.isEmpty() || a.recording.size() + b.recording.size() == 4);
        until(Duration.ofSeconds(20), "shared again", () -> a.recording.size() == 2 && b.recording.size() == 2);

        // A dies: nothing released, its leases run out, B records all within about a lease and a round.
        long died = System.nanoTime();
        keepers.get("node-a").die();
        until(Duration.ofSeconds(20), "B records every camera", () -> b.recording.size() == 4);
        long movedMillis = (System.nanoTime() - died) / 1_000_000;
        assertTrue(movedMillis < 3 * LEASE.toMillis(), "moved after " + movedMillis + " ms");
        assertEquals(List.of(), violations);
    }

    @Test
    void aNodeThatMeasuresLittleRoomGivesCamerasToOneWithMore() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        // A's recorder finds room for one camera only; B has measured nothing yet (configured capacity: no limit).
        Node a = node(dbs, "node-a", () -> OptionalInt.of(1));
        Node b = node(dbs, "node-b");
        until(Duration.ofSeconds(20), "an even share first", () -> a.recording.size() == 2 && b.recording.size() == 2);
        // Once A has warmed up (30 s) and its cameras have been steady (10 s), its measure counts: it gives one to B.
        until(Duration.ofSeconds(60), "A down to what it measures", () -> a.recording.size() == 1
                && b.recording.size() == 3);
        assertEquals(List.of(), violations);
    }

}
