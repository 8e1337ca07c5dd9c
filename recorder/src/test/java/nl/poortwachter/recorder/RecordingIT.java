package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.ingest.source.Grabbers;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.testing.Await;
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

    @org.junit.jupiter.api.BeforeEach
    void simulatorIsUp() throws Exception {
        sim.ensureRunning();
    }

    /** Both RTSP readers: our own client (the default for passthrough over TCP) and FFmpeg's. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(RecorderConfig.RtspReader.class)
    void smallCameraRecordsPlayableIndexedSegments(RecorderConfig.RtspReader reader, @TempDir Path dir) throws Exception {
        RecorderConfig config = TestRecorders.config(dir, Duration.ofSeconds(3)).toBuilder().rtspReader(reader).build();
        try (Recorder r = Recorder.start(config, new SimpleMeterRegistry())) {
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
            int frames = Ffprobe.decodedFrames(file);
            assertTrue(Math.abs(frames - duration * 25) <= 1, "frames " + frames + " for " + duration + " s");
            assertEquals(IngestState.streaming, r.camera("small").orElseThrow().status().state());
        }
    }

    @Test
    void everyCameraStyleRecords(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.camera("hikvision", sim.url(CameraSimulator.HIKVISION)));
            r.addCamera(TestRecorders.camera("dahua", sim.url(CameraSimulator.DAHUA)));
            r.addCamera(TestRecorders.camera("digest", sim.url(CameraSimulator.DIGEST))
                    .withCredentials(CameraSimulator.DIGEST_USER, CameraSimulator.DIGEST_PASSWORD));
            r.addCamera(TestRecorders.camera("hevc", sim.url(CameraSimulator.H265)));
            expect(r, "hikvision", t0, "h264", 1920, 1080);
            expect(r, "dahua", t0, "h264", 1920, 1080);
            expect(r, "digest", t0, "h264", 1920, 1080);
            expect(r, "hevc", t0, "hevc", 1280, 720);
        }
    }

    private static void expect(Recorder r, String camera, Instant t0, String codec, int width, int height) throws Exception {
        Timeline tl = waitForCompleteSegments(r, camera, t0, 1, Duration.ofSeconds(40));
        Timeline.Segment seg = tl.segments().stream().filter(Timeline.Segment::complete).findFirst().orElseThrow();
        Path file = r.segment(camera, seg.id()).orElseThrow().file();
        JsonNode streams = Ffprobe.probe(file).path("streams");
        assertEquals(1, streams.size(), camera + ": video only, audio dropped");
        JsonNode video = streams.path(0);
        assertEquals(codec, video.path("codec_name").asText(), camera);
        assertEquals(width, video.path("width").asInt(), camera);
        assertEquals(height, video.path("height").asInt(), camera);
        assertTrue(Ffprobe.decodedFrames(file) >= 25, camera + " decodes");
    }

    @Test
    void wrongDigestPasswordIsReportedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.camera("digest", sim.url(CameraSimulator.DIGEST)).withCredentials("admin", "wrong-pw"));
            String error = Await.value(Duration.ofSeconds(15), "an ingest error",
                    () -> r.camera("digest").orElseThrow().status().lastError());
            assertTrue(error.contains("authentication failed"), "error: " + error);
            assertTrue(!error.contains("wrong-pw"));
            ProbeResult probe = r.probe("digest");
            assertEquals(ProbeResult.Problem.auth_failed, probe.problem());
            r.syncIndex();
            assertTrue(r.recordings("digest", t0, Instant.now()).segments().isEmpty());
        }
    }

    @Test
    void simulatorOutageShowsBackoffAndGapThenResumes(@TempDir Path dir) throws Exception {
        try (CameraSimulator own = CameraSimulator.start();
             Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.camera("outage", own.url(CameraSimulator.SMALL)));
            waitForCompleteSegments(r, "outage", t0, 1, Duration.ofSeconds(20));
            assertEquals(1, own.sessions(), "one RTSP session per camera");
            own.stop();
            Instant down = Instant.now();
            waitForState(r, "outage", IngestState.backoff, Duration.ofSeconds(20));
            // Not a wait for an event: an outage of a known length, the gap looked for below.
            Thread.sleep(4000);
            own.launch();
            Instant up = Instant.now();
            waitForState(r, "outage", IngestState.streaming, Duration.ofSeconds(20));
            Timeline tl = waitForCompleteSegments(r, "outage", up, 1, Duration.ofSeconds(20));
            Timeline full = r.recordings("outage", t0, Instant.now());
            assertTrue(full.gaps().stream().anyMatch(g -> !g.end().isBefore(down.plusSeconds(3)) && !g.start().isAfter(down.plusSeconds(1))),
                    "a gap covers the outage " + down + ".." + up + ": " + full.gaps());
            assertTrue(tl.segments().stream().anyMatch(s -> s.start().isAfter(up.minusSeconds(1))), "recording resumed");
            assertTrue(r.camera("outage").orElseThrow().status().reconnects() >= 1);
        }
    }

    @Test
    void udpTransportRecords(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            CameraSpec c = TestRecorders.camera("udp", sim.url(CameraSimulator.SMALL));
            r.addCamera(new CameraSpec(c.id(), c.name(), c.url(), null, null, null, null, null, null, c.legalRegime(),
                    null, null, Transport.udp));
            assertEquals(Transport.udp, r.camera("udp").orElseThrow().transport());
            expect(r, "udp", t0, "h264", 640, 360);
        }
    }

    @Test
    void startingStoppingAndRemovingReleasesEveryGrabber(@TempDir Path dir) throws Exception {
        int before = Grabbers.live();
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            CameraSpec c = TestRecorders.camera("churn", sim.url(CameraSimulator.SMALL));
            for (int i = 0; i < 10; i++) {
                r.addCamera(c);
                if (i % 2 == 0) {
                    waitForState(r, "churn", IngestState.streaming, Duration.ofSeconds(15));
                }
                r.updateCamera("churn", c);
                r.probe("churn");
                r.removeCamera("churn");
                assertEquals(before, Grabbers.live(), "round " + i);
            }
            r.addCamera(TestRecorders.camera("unreachable", "rtsp://127.0.0.1:" + CameraSimulator.freePort() + "/x"));
            // Closing must also release the grabber of a camera that is failing to connect: one attempt has failed.
            Await.until(Duration.ofSeconds(15), "a failed connection attempt",
                    () -> r.camera("unreachable").orElseThrow().status().lastError() != null);
        }
        assertEquals(before, Grabbers.live(), "close() released everything");
        // The camera sees every connection closed: its counts are written every half second, so each look is at a
        // snapshot taken after the close (an earlier one still shows the last rounds' sessions).
        Instant closed = Instant.now();
        Await.until(Duration.ofSeconds(10), () -> "RTSP sessions left open at the camera: " + sim.stats(),
                () -> sim.statsTakenAfter(closed).path("sessions").asInt(-1) == 0);
    }

    static void waitForState(Recorder r, String camera, IngestState state, Duration timeout) throws Exception {
        Await.until(timeout, () -> camera + " did not reach " + state + ": " + r.camera(camera).orElseThrow().status(),
                () -> r.camera(camera).orElseThrow().status().state() == state);
    }

    static Timeline waitForCompleteSegments(Recorder r, String camera, Instant from, int count, Duration timeout)
            throws Exception {
        return Await.value(timeout, () -> "no " + count + " complete segments: "
                + r.recordings(camera, from.minusSeconds(5), Instant.now().plusSeconds(5))
                + " status " + r.camera(camera).map(CameraView::status).orElse(null), () -> {
            r.syncIndex();
            Timeline tl = r.recordings(camera, from.minusSeconds(5), Instant.now().plusSeconds(5));
            // Counted from 'from' on: a segment that ended just before it (e.g. at an outage) does not count.
            return tl.segments().stream().filter(s -> s.complete() && !s.start().isBefore(from.minusSeconds(1)))
                    .count() >= count ? tl : null;
        });
    }
}
