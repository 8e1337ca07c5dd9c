package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingIT {
    static CameraSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CameraSimulator.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    @Test
    void smallCameraRecordsPlayableIndexedSegments(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.camera("small", sim.url(CameraSimulator.SMALL)));
            Timeline tl = waitForCompleteSegments(r, "small", t0, 2, Duration.ofSeconds(20));
            Timeline.Segment seg = tl.segments().stream().filter(Timeline.Segment::complete).findFirst().orElseThrow();
            assertEquals("h264", seg.codec());
            assertEquals(640, seg.width());
            assertEquals(360, seg.height());
            assertTrue(seg.seekPoints() >= 2, "seek points: " + seg.seekPoints());
            SegmentFile sf = r.segment("small", seg.id()).orElseThrow();
            assertEquals(seg.seekPoints(), sf.seekPoints().size());
            assertTrue(sf.seekPoints().get(0).keyframe(), "a segment starts with a keyframe");
            Path file = sf.file();
            JsonNode probe = Ffprobe.probe(file);
            JsonNode video = probe.path("streams").path(0);
            assertEquals("h264", video.path("codec_name").asText());
            assertEquals(640, video.path("width").asInt());
            assertEquals(1, probe.path("streams").size(), "audio must be dropped");
            double duration = probe.path("format").path("duration").asDouble();
            double wall = (seg.end().toEpochMilli() - seg.start().toEpochMilli()) / 1000.0;
            assertTrue(Math.abs(duration - wall) < 0.5, "file duration " + duration + " vs indexed " + wall);
            assertTrue(duration > 2.0 && duration < 6.0, "duration " + duration);
            java.nio.file.Files.copy(file, Path.of("/tmp/seg-debug.mp4"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            int frames = Ffprobe.decodedFrames(file);
            assertTrue(Math.abs(frames - duration * 25) <= 3, "frames " + frames + " for " + duration + " s");
            assertEquals(IngestState.streaming, r.camera("small").orElseThrow().status().state());
        }
    }

    static Timeline waitForCompleteSegments(Recorder r, String camera, Instant from, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Timeline tl = null;
        while (System.nanoTime() < deadline) {
            r.syncIndex();
            tl = r.recordings(camera, from.minusSeconds(5), Instant.now().plusSeconds(5));
            if (tl.segments().stream().filter(Timeline.Segment::complete).count() >= count) {
                return tl;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + count + " complete segments within " + timeout + ": " + tl
                + " status " + r.camera(camera).map(CameraView::status).orElse(null));
    }
}
