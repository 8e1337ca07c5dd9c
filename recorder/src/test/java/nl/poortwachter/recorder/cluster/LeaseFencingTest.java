package nl.poortwachter.recorder.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.storage.LeaseLostException;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes on one shared index (D72): a camera's lease is held by one at a time, its token grows at every change
 * of holder, and once another node took the camera over, the old holder's writes (new segments, seek points,
 * completion) change nothing, while the footage it committed before stays, sealed. On both dialects.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class LeaseFencingTest {
    static final long LEASE = 400;

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    TestDatabases dbs;
    IndexDatabase a;
    IndexDatabase b;

    @BeforeEach
    void open() {
        dbs = kind.in(dir);
        a = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, "node-a");
        b = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, "node-b");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** Polls B's acquire until A's lease ran out (by the database's clock), with a deadline. */
    private long takeOverByB() throws InterruptedException {
        return Await.value(Duration.ofSeconds(10), "B gets the lease", () -> {
            OptionalLong t = b.leases().acquire("gate", "b#1", "node-b", 60_000);
            return t.isPresent() ? t.getAsLong() : null;
        });
    }

    @Test
    void aStaleHolderWritesNothingAfterTheTakeOverAndItsFootageStaysSealed() throws Exception {
        long t1 = a.leases().acquire("gate", "a#1", "node-a", LEASE).orElseThrow();
        assertTrue(b.leases().acquire("gate", "b#1", "node-b", LEASE).isEmpty(), "held by A");
        long seg = a.segments().openSegment("gate", "s1", 1_000, "gate/a1.mp4", "h264", 640, 360, t1);
        a.segments().appendSeekPoint(seg, new SeekPoint(100, 50, 0, 1_000, true), 150, 2_000);
        a.segments().sync();
        assertEquals(List.of(seg), a.segments().incompleteSegments().stream().map(SegmentRecord::id).toList());
        assertEquals(List.of(), b.segments().incompleteSegments(), "B's recovery never touches A's segments");

        long t2 = takeOverByB();
        assertEquals(t1 + 1, t2, "the fencing token grows at the change of holder");
        assertEquals(Map.of(), a.leases().renew("a#1", LEASE), "A learns at its next renewal that it lost the camera");

        SegmentRecord sealed = a.segments().segmentById(seg).orElseThrow();
        assertTrue(sealed.complete(), "sealed by the takeover");
        assertEquals(2_000, sealed.endMillis());
        assertEquals(1, sealed.seekPoints());

        // A, stale, goes on writing: nothing of it lands.
        a.segments().appendSeekPoint(seg, new SeekPoint(150, 50, 90_000, 2_000, true), 200, 3_000);
        a.segments().sync();
        assertThrows(LeaseLostException.class, () -> a.segments().completeSegment(seg, 250, 4_000,
                List.of(new SeekPoint(100, 50, 0, 1_000, true), new SeekPoint(150, 100, 90_000, 2_000, true))));
        assertThrows(LeaseLostException.class, () -> a.segments().openSegment("gate", "s1", 4_000, "gate/a2.mp4",
                "h264", 640, 360, t1));
        SegmentRecord after = a.segments().segmentById(seg).orElseThrow();
        assertEquals(2_000, after.endMillis(), "the period A recorded ends where its lease did");
        assertEquals(150, after.bytes());
        assertEquals(1, a.segments().seekPoints(seg).size());
        assertEquals(1, dbs.number("index", "SELECT COUNT(*) FROM segment"), "no second segment of A");

        // B records under its token; the rows name the node that holds each file.
        long segB = b.segments().openSegment("gate", "s2", 5_000, "gate/b1.mp4", "h264", 640, 360, t2);
        b.segments().completeSegment(segB, 300, 6_000, List.of(new SeekPoint(100, 200, 0, 5_000, true)));
        assertEquals(1, dbs.number("index", "SELECT COUNT(*) FROM segment WHERE node_id = 'node-b' AND id = " + segB));
        assertEquals(1, dbs.number("index", "SELECT COUNT(*) FROM segment WHERE node_id = 'node-a' AND id = " + seg));
        assertEquals(Map.of("gate", t2), b.leases().renew("b#1", LEASE));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAndARestartedNodeIsANewHolder() {
        long t1 = a.leases().acquire("gate", "a#1", "node-a", 60_000).orElseThrow();
        assertTrue(a.leases().acquire("gate", "a#2", "node-a", 60_000).isEmpty(),
                "the same node after a restart waits for its old lease like anyone else");
        a.leases().release("gate", "a#1", t1);
        assertEquals(Map.of(), a.leases().renew("a#1", 60_000), "a released lease is not renewed with the others");
        long t2 = b.leases().acquire("gate", "b#1", "node-b", 60_000).orElseThrow();
        assertEquals(t1 + 1, t2);
        a.leases().release("gate", "a#1", t1);
        assertFalse(a.leases().acquire("gate", "a#1", "node-a", 60_000).isPresent(), "a stale release frees nothing");
        List<LeaseStore.Lease> leases = a.leases().leases();
        assertEquals(1, leases.size());
        assertEquals("node-b", leases.get(0).nodeId());
        assertTrue(leases.get(0).remainingMillis() > 50_000, leases.toString());
    }

    @Test
    void eachNodeRecoversDeletesAndExpiresOnlyWhatItsOwnStorageHolds() {
        long seg = a.segments().openSegment("gate", "s1", 1_000, "gate/a1.mp4", "h264", 640, 360);
        a.segments().completeSegment(seg, 100, 2_000, List.of(new SeekPoint(50, 50, 0, 1_000, true)));
        a.segments().openSegment("gate", "s2", 3_000, "gate/a2.mp4", "h264", 640, 360);
        Instant t0 = Instant.ofEpochMilli(0);
        a.exports().insertExport(new ExportRecord("0123456789abcdef0123456789abcdef", "gate", t0, t0.plusSeconds(1),
                "me", "test", null, t0, t0.plusSeconds(5), ExportState.pending, null, 0, null, null, null));

        assertEquals(1, a.segments().incompleteSegments().size());
        assertEquals(List.of(), b.segments().incompleteSegments(), "B's recovery leaves A's open segment alone");
        assertTrue(b.segments().segmentByPath("gate/a1.mp4").isEmpty(), "B's files are B's: A's path is not B's row");
        assertEquals(1, a.retention().deletable("gate", Long.MAX_VALUE, 0, 10).size());
        assertEquals(List.of(), b.retention().deletable("gate", Long.MAX_VALUE, 0, 10), "B never deletes A's footage");
        assertEquals(1, a.exports().pendingExports().size());
        assertEquals(List.of(), b.exports().pendingExports(), "a restart of B fails none of A's exports");
        a.exports().finishExport("0123456789abcdef0123456789abcdef", ExportState.ready, "_exports/x.mp4", 1, "ab",
                "{}", null, 1);
        assertEquals(1, a.exports().expiredExports(10_000, 10).size());
        assertEquals(List.of(), b.exports().expiredExports(10_000, 10), "B never expires A's copy");
        assertEquals(2, b.segments().segments("gate", 0, 10_000).size(), "but B lists A's footage");
        assertFalse(b.segments().segments("gate", 0, 10_000).get(0).heldBy(b.segments().node()));
    }

    @Test
    void nodesAreLiveWhileTheyBeat() throws Exception {
        a.leases().heartbeat("node-a", "a#1", "http://127.0.0.1:1", 10, null);
        b.leases().heartbeat("node-b", "b#1", "http://127.0.0.1:2", 5, 3);
        assertEquals(List.of("node-a", "node-b"), a.leases().liveNodes(60_000).stream()
                .map(LeaseStore.Node::nodeId).toList());
        assertEquals(java.util.Arrays.asList(null, 3), a.leases().liveNodes(60_000).stream()
                .map(LeaseStore.Node::measuredCapacity).toList(), "measured capacity as published; none: null (D91)");
        Await.until(Duration.ofSeconds(10), "node-a drops out while node-b beats", () -> {
            b.leases().heartbeat("node-b", "b#1", "http://127.0.0.1:2", 5, 3);
            return a.leases().liveNodes(300).size() <= 1;
        });
        assertEquals(List.of("node-b"), a.leases().liveNodes(300).stream().map(LeaseStore.Node::nodeId).toList(),
                "a node that stops beating drops out");
    }
}
