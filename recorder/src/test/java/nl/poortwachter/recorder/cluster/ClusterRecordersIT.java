package nl.poortwachter.recorder.cluster;

import static nl.poortwachter.recorder.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.Timeline;
import nl.poortwachter.recorder.database.PostgresConnector;
import nl.poortwachter.recorder.database.Sql;
import nl.poortwachter.recorder.database.index.IndexCheck;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.TestDatabases;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two recorders on one PostgreSQL index. A camera edited on the node that does not record it takes effect on the node
 * that does, within a lease keeper round and without its lease moving (D79): the recording node restarts the camera
 * once, with the new description. Afterwards each node's storage folder is checked offline against the shared index
 * (D26): its own rows only, so the other node's footage is not "missing" here, and a file removed is reported.
 */
class ClusterRecordersIT {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration SEGMENT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Recorder node(TestDatabases dbs, String id) {
        var config = TestRecorders.config(dir.resolve(id), SEGMENT).toBuilder()
                .cluster(new ClusterConfig(id, dbs.postgres(), LEASE, 0)).build();
        return Recorder.start(config, new SimpleMeterRegistry());
    }

    private static List<Timeline.Segment> segments(Recorder r, Instant since) {
        return r.recordings("c1", since, Instant.now().plusSeconds(5)).segments();
    }

    /** Bytes per second of a segment. */
    private static double rate(Timeline.Segment s) {
        return s.bytes() * 1000.0 / Math.max(1, Duration.between(s.start(), s.end()).toMillis());
    }

    @Test
    void anEditOnTheOtherNodeRestartsTheCameraWhereItIsRecorded() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        try (CameraSimulator sim = CameraSimulator.start(); Recorder a = node(dbs, "node-a");
             Recorder b = node(dbs, "node-b")) {
            Instant t0 = Instant.now();
            a.addCamera(TestRecorders.camera("c1", sim.url(CameraSimulator.SMALL)));
            until(Duration.ofSeconds(30), "a whole segment of c1", () -> segments(a, t0).stream()
                    .anyMatch(Timeline.Segment::complete));
            Timeline.Segment first = segments(a, t0).stream().filter(Timeline.Segment::complete).findFirst()
                    .orElseThrow();
            String holder = first.node();
            Recorder elsewhere = holder.equals("node-a") ? b : a;
            double before = rate(first);

            // The noise stream has three times the bit rate: segments with it come only from a pipeline restarted
            // with the edit, on the node that holds the camera (its lease never moved).
            Instant edited = Instant.now();
            elsewhere.updateCamera("c1", TestRecorders.camera("c1", sim.url(CameraSimulator.NOISE)));
            until(Duration.ofSeconds(20), "the edited stream recorded", () -> segments(a, edited).stream()
                    .anyMatch(s -> s.complete() && rate(s) > 2 * before));
            // Restarted once, not every round: the next segments of the new stream run their full length.
            until(Duration.ofSeconds(30), "two more whole segments", () -> segments(a, edited).stream()
                    .filter(s -> s.complete() && rate(s) > 2 * before).count() >= 3);
            List<Timeline.Segment> after = segments(a, edited).stream()
                    .filter(s -> s.complete() && rate(s) > 2 * before).toList();
            for (Timeline.Segment s : after.subList(1, after.size())) {
                assertTrue(Duration.between(s.start(), s.end()).toMillis() >= 1_500, "a whole segment: " + s);
            }
            for (Timeline.Segment s : segments(a, t0)) {
                assertTrue(s.node().equals(holder), "recorded by " + holder + " all along: " + s);
            }
        }

        // Offline, both stopped: each folder against the shared index.
        String holder = segmentsHolder(dbs);
        String other = holder.equals("node-a") ? "node-b" : "node-a";
        IndexCheck.Result held = check(dbs, holder);
        assertEquals(List.of(), held.problems());
        assertTrue(held.segments() >= 5 && held.files() == held.segments(), held.toString());
        IndexCheck.Result empty = check(dbs, other);
        assertEquals(List.of(), empty.problems(), "the other node's footage is not missing from this folder");
        assertEquals(0, empty.segments());

        Path removed;
        try (Stream<Path> files = Files.walk(dir.resolve(holder).resolve("storage").resolve("c1"))) {
            removed = files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
        Files.delete(removed);
        List<String> problems = check(dbs, holder).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(removed.getFileName().toString())
                && problems.get(0).endsWith("file is missing"), problems.toString());
        assertEquals(List.of(), check(dbs, other).problems());
    }

    private IndexCheck.Result check(TestDatabases dbs, String node) throws Exception {
        Path storage = dir.resolve(node).resolve("storage");
        String id = Files.readString(storage.resolve(StorageFolder.ID_FILE)).strip();
        return IndexCheck.run(new PostgresConnector("index database", "index", dbs.postgres()),
                new StorageLayout(storage), id, node);
    }

    /** The node whose rows the index has for c1. */
    private static String segmentsHolder(TestDatabases dbs) {
        try (var db = nl.poortwachter.recorder.database.Database.openReadOnly(
                new PostgresConnector("index database", "index", dbs.postgres()))) {
            return db.first("SELECT node_id FROM segment WHERE camera_id = 'c1'", Sql.Params.of(),
                    rs -> rs.getString(1)).orElseThrow();
        }
    }
}
