package nl.poortwachter.recorder.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.SegmentFile;
import nl.poortwachter.recorder.Timeline;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The states a crash can leave behind, made by hand from a real recording, then repaired at start-up. Times come
 * back from the files themselves: a repaired or re-indexed segment has the times the index had given it.
 */
class RecoveryIT {

    @Test
    void repairsTornSegmentsIndexesOrphansAndRemovesWhatCannotPlay(@TempDir Path dir) throws Exception {
        RecorderConfig config = TestRecorders.config(dir, Duration.ofSeconds(3));
        Instant t0 = Instant.now();
        SegmentFile a;
        SegmentFile b;
        try (CameraSimulator sim = CameraSimulator.start();
             Recorder r = Recorder.start(config, new SimpleMeterRegistry())) {
            r.addCamera(TestRecorders.camera("gate", sim.url(CameraSimulator.SMALL)));
            List<Timeline.Segment> done = waitForSegments(r, t0, 2);
            a = r.segment("gate", done.get(0).id()).orElseThrow();
            b = r.segment("gate", done.get(1).id()).orElseThrow();
        }
        // 1. segment A: crash while its next fragment was half written, before the row was completed
        byte[] aBytes = Files.readAllBytes(a.file());
        long aValid = aBytes.length;
        Files.write(a.file(), Arrays.copyOfRange(aBytes, (int) a.seekPoints().get(1).offset(),
                (int) (a.seekPoints().get(1).offset() + a.seekPoints().get(1).size() / 2)), java.nio.file.StandardOpenOption.APPEND);
        // 2. an orphan: a playable file whose row is gone, with a torn tail too; renamed, so its name says nothing
        Path orphan = b.file().resolveSibling("renamed.mp4");
        byte[] bBytes = Files.readAllBytes(b.file());
        Files.write(orphan, Arrays.copyOf(bBytes, bBytes.length - 100));
        Files.delete(b.file());
        // 3. garbage without a row, 4. a row whose file never got written
        Path garbage = b.file().resolveSibling("20261123T000000.001Z.mp4");
        Files.write(garbage, new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e', 1, 2, 3});
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.databaseFile());
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE segment SET complete=0, bytes=0 WHERE id=" + a.segment().id());
            s.executeUpdate("DELETE FROM seek_point WHERE segment_id=" + a.segment().id());
            s.executeUpdate("DELETE FROM segment WHERE id=" + b.segment().id());
            s.executeUpdate("INSERT INTO segment(camera_id, session_id, start_ms, end_ms, path, bytes, codec, width, height, complete) "
                    + "VALUES ('gate','x',1,1,'gate/2000/01/01/20000101T000000.000Z.mp4',0,'h264',1,1,0)");
        }

        // The camera stays configured but the simulator is gone: ingest backs off and writes nothing.
        try (Recorder r = Recorder.start(config, new SimpleMeterRegistry())) {
            r.syncIndex();
            SegmentFile repaired = r.segment("gate", a.segment().id()).orElseThrow();
            assertTrue(repaired.segment().complete());
            assertEquals(aValid, Files.size(a.file()), "torn fragment cut off");
            assertEquals(aValid, repaired.segment().bytes());
            assertEquals(a.seekPoints(), repaired.seekPoints(), "offsets, media and wall-clock times as before the crash");
            assertEquals(a.segment().start(), repaired.segment().start());
            // Complete, A ended where B began; repaired, where its last fragment's media ends (as an open segment's end
            // is while it is written): the same up to a correction the timeline made in between (docs/time.md).
            assertEquals(a.segment().end().toEpochMilli(), repaired.segment().end().toEpochMilli(), 50.0);
            assertTrue(Ffprobe.decodedFrames(a.file()) > 25);

            Timeline tl = r.recordings("gate", t0.minusSeconds(3600 * 30), Instant.now().plusSeconds(3600));
            assertTrue(Files.exists(orphan));
            Timeline.Segment indexedOrphan = tl.segments().stream()
                    .filter(s -> r.segment("gate", s.id()).orElseThrow().file().equals(orphan)).findFirst().orElseThrow();
            assertTrue(indexedOrphan.complete());
            SegmentFile recovered = r.segment("gate", indexedOrphan.id()).orElseThrow();
            assertEquals(b.segment().start(), indexedOrphan.start(), "dated by the file's own time, not its name or mtime");
            assertEquals(b.seekPoints().subList(0, b.seekPoints().size() - 1), recovered.seekPoints(),
                    "every complete fragment at the time it had; the torn one cut off");
            SeekPoint lastKept = recovered.seekPoints().get(recovered.seekPoints().size() - 1);
            SeekPoint torn = b.seekPoints().get(b.seekPoints().size() - 1);
            assertEquals(lastKept.wallClockMillis() + (torn.mediaTime() - lastKept.mediaTime()) / 90,
                    indexedOrphan.end().toEpochMilli(), "it ends where its last complete fragment's media ends: " + lastKept);
            assertTrue(Files.size(orphan) < bBytes.length - 100 + 1);
            assertTrue(Ffprobe.decodedFrames(orphan) > 0);

            assertFalse(Files.exists(garbage), "unplayable file without a row is removed");
            assertTrue(tl.segments().stream().noneMatch(s -> s.start().toEpochMilli() == 1), "row without a file is removed");
        }
    }

    private static List<Timeline.Segment> waitForSegments(Recorder r, Instant t0, int n) throws Exception {
        return Await.value(Duration.ofSeconds(30), n + " complete segments", () -> {
            r.syncIndex();
            List<Timeline.Segment> done = r.recordings("gate", t0.minusSeconds(5), Instant.now().plusSeconds(5)).segments()
                    .stream().filter(Timeline.Segment::complete).toList();
            return done.size() >= n ? done : null;
        });
    }
}
