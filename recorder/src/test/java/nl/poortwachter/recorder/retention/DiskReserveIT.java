package nl.poortwachter.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.Timeline;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.TestRecorders;
import nl.poortwachter.recorder.testing.Tmpfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that really fills up (a 24 MiB tmpfs holding footage and index): the reserve policy applies, the alarm
 * is raised, the other camera keeps recording and the index stays intact.
 */
class DiskReserveIT {
    static final long MIB = 1024 * 1024;
    static CameraSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CameraSimulator.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    static RecorderConfig config(Path dir, ReservePolicy policy, List<String> stopOrder) {
        RetentionConfig retention = new RetentionConfig(28, Duration.ofHours(1), 8 * MIB, 3 * MIB, policy,
                Duration.ofMillis(300), stopOrder, 28);
        return TestRecorders.config(dir, Duration.ofSeconds(2)).toBuilder().retention(retention).build();
    }

    @Test
    void underTheFloorTheOldestFootageGoesAndRecordingGoesOn(@TempDir Path tmp) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 24)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Recorder r = Recorder.start(config(disk.dir(), ReservePolicy.DELETE_OLDEST, List.of()), registry)) {
                Instant t0 = Instant.now();
                r.addCamera(TestRecorders.camera("entrance", sim.url(CameraSimulator.SMALL)));
                r.addCamera(TestRecorders.camera("yard", sim.url(CameraSimulator.SMALL)));
                waitFor(() -> complete(r, "entrance", t0) >= 3 && complete(r, "yard", t0) >= 3, "footage to delete later");
                Timeline.Segment oldest = r.recordings("entrance", t0.minusSeconds(5), Instant.now()).segments().get(0);
                // Fill the disk to just above the floor; recording crosses it within seconds.
                disk.ballastLeaving(8 * MIB + MIB / 2);
                waitFor(() -> !r.archive().purges(null, t0, Instant.now().plusSeconds(5), 10).isEmpty(), "a reserve purge");
                assertEquals(1.0, registry.get("storage.reserve.triggered").counter().count(), "the alarm was raised");
                List<PurgeRecord> purges = r.archive().purges(null, t0, Instant.now().plusSeconds(5), 10);
                assertTrue(purges.stream().allMatch(p -> p.policy().equals("reserve") && p.detail().contains("delete-oldest")), purges.toString());
                assertTrue(r.segment("entrance", oldest.id()).isEmpty(), "the oldest segment is gone");
                Instant after = Instant.now();
                waitFor(() -> complete(r, "entrance", after) >= 2 && complete(r, "yard", after) >= 2,
                        "both cameras still record");
                assertTrue(disk.free() >= 6 * MIB, "free " + disk.free() / MIB + " MiB: the reserve holds");
                assertEquals(IngestState.streaming, r.camera("yard").orElseThrow().status().state());
                r.syncIndex();
                assertEquals("ok", integrity(disk.dir().resolve("index.db")));
            }
            assertEquals("ok", integrity(disk.dir().resolve("index.db")), "and after a clean close");
        }
    }

    @Test
    void underTheFloorTheLowestPriorityCameraStopsAndResumesWithSpace(@TempDir Path tmp) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), 24)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Recorder r = Recorder.start(config(disk.dir(), ReservePolicy.STOP_CAMERAS, List.of("parking")), registry)) {
                Instant t0 = Instant.now();
                r.addCamera(TestRecorders.camera("parking", sim.url(CameraSimulator.SMALL)));
                r.addCamera(TestRecorders.camera("entrance", sim.url(CameraSimulator.SMALL)));
                waitFor(() -> complete(r, "parking", t0) >= 1 && complete(r, "entrance", t0) >= 1, "recording");
                Path ballast = disk.ballastLeaving(7 * MIB);
                waitFor(() -> r.archive().reserve().pausedCameras().contains("parking"), "parking stopped");
                assertTrue(r.archive().reserve().alarm());
                assertEquals(1.0, registry.get("storage.reserve.alarm").gauge().value());
                assertEquals(IngestState.stopped, r.camera("parking").orElseThrow().status().state());
                Instant stopped = Instant.now();
                waitFor(() -> complete(r, "entrance", stopped) >= 2, "entrance records on");
                Files.delete(ballast);
                waitFor(() -> !r.archive().reserve().alarm(), "the alarm clears");
                waitFor(() -> r.camera("parking").orElseThrow().status().state() == IngestState.streaming, "parking resumes");
                assertTrue(r.camera("parking").orElseThrow().recording(), "its configuration was never touched");
                r.syncIndex();
                assertEquals("ok", integrity(disk.dir().resolve("index.db")));
            }
        }
    }

    static long complete(Recorder r, String camera, Instant from) {
        r.syncIndex();
        return r.recordings(camera, from.minusSeconds(1), Instant.now().plusSeconds(5)).segments().stream()
                .filter(Timeline.Segment::complete).filter(s -> !s.start().isBefore(from.minusSeconds(1))).count();
    }

    static void waitFor(Await.Condition condition, String what) throws Exception {
        Await.until(Duration.ofSeconds(40), what, condition);
    }

    static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        }
    }
}
