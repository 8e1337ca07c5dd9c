package nl.poortwachter.recorder.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.SegmentFile;
import nl.poortwachter.recorder.Timeline;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.ingest.source.Grabbers;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.Bytes;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sanitizing transcode against the simulator: what the camera encoded must not reach a file. */
class TranscodeIT {
    private static final String PLANTED = "VENDOR-BEACON-7f3a";
    static CameraSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        sim = CameraSimulator.start("--sei", PLANTED);
    }

    @AfterAll
    static void stop() throws Exception {
        sim.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void simulatorIsUp() throws Exception {
        sim.ensureRunning();
    }

    @Test
    void h265AndMjpegCamerasAreRecordedAsH264(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.transcoded("hevc", sim.url(CameraSimulator.H265), "Hikvision", null));
            r.addCamera(TestRecorders.transcoded("mjpeg", sim.url("/mjpeg"), "Dahua", null));
            r.addCamera(TestRecorders.transcoded("sliced", sim.url(CameraSimulator.SMALL), "Axis", null));
            assertEquals(PipelineMode.transcode, r.camera("hevc").orElseThrow().mode(), "transcode is the default");
            for (String[] c : new String[][] {{"hevc", "1280", "720"}, {"mjpeg", "640", "360"}, {"sliced", "640", "360"}}) {
                Path file = firstSegment(r, c[0], t0);
                JsonNode v = Ffprobe.probe(file).path("streams").path(0);
                assertEquals("h264", v.path("codec_name").asText(), c[0]);
                assertEquals(Integer.parseInt(c[1]), v.path("width").asInt(), c[0]);
                assertEquals(Integer.parseInt(c[2]), v.path("height").asInt(), c[0]);
                int frames = Ffprobe.decodedFrames(file);
                double seconds = Ffprobe.probe(file).path("format").path("duration").asDouble();
                assertTrue(frames >= 50, c[0]);
                assertEquals(seconds * 25, frames, 1.0, c[0] + ": one picture per 40 ms, none doubled");
            }
        }
    }

    @Test
    void aCameraAskingForAHardwareEncoderThisMachineLacksRecordsWithLibx264AndSaysWhy(@TempDir Path dir) throws Exception {
        VideoEncoder missing = Encoders.detected().stream().filter(s -> s.encoder().isHardware() && !s.available())
                .map(Encoders.Support::encoder).findFirst()
                .orElseThrow(() -> new AssertionError("this machine opens every hardware encoder: the fallback cannot be shown here"));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(2)), metrics)) {
            Instant t0 = Instant.now();
            CameraSpec base = TestRecorders.transcoded("gpu", sim.url(CameraSimulator.SMALL), "Axis", null);
            r.addCamera(base.withPipeline(PipelineMode.transcode, new TranscodeSettings(null, null, 500, 25, null, null, 1, missing, null),
                    List.of(), null));
            Path file = firstSegment(r, "gpu", t0);
            assertEquals("h264", Ffprobe.probe(file).path("streams").path(0).path("codec_name").asText());
            assertTrue(Ffprobe.decodedFrames(file) > 0);
            var status = r.camera("gpu").orElseThrow().status();
            assertEquals("libx264", status.encoder(), status.toString());
            assertTrue(status.encoderFallback().startsWith(missing + " is not available on this machine: "), status.encoderFallback());
            assertEquals(1.0, metrics.get("camera.encoder").tags("camera", "gpu", "encoder", "libx264").gauge().value());
            assertEquals(0.0, metrics.get("camera.encoder").tags("camera", "gpu", "encoder", missing.name()).gauge().value());
            assertEquals(1.0, metrics.get("camera.encoder.fallback").tags("camera", "gpu").gauge().value());
            assertEquals(0.0, metrics.get("transcode.encoder.available").tags("encoder", missing.name()).gauge().value());
            assertEquals(1.0, metrics.get("transcode.encoder.available").tags("encoder", "libx264").gauge().value());
        }
    }

    @Test
    void boxWideTranscodeSettingsReachCamerasWithoutTheirOwnAndACamerasOwnWin(@TempDir Path dir) throws Exception {
        VideoEncoder missing = Encoders.detected().stream().filter(s -> s.encoder().isHardware() && !s.available())
                .map(Encoders.Support::encoder).findFirst()
                .orElseThrow(() -> new AssertionError("this machine opens every hardware encoder: the fallback cannot be shown here"));
        // As gateway.yaml's transcode.* rows would give them: the box asks for an encoder this machine lacks.
        TranscodeSettings box = new TranscodeSettings("ultrafast", null, 400, 25, null, null, 1, missing, null);
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(2)).toBuilder().transcode(box).build(),
                new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.transcoded("plain", sim.url(CameraSimulator.SMALL), "Axis", null));
            CameraSpec own = TestRecorders.transcoded("own", sim.url(CameraSimulator.SMALL), "Axis", null);
            r.addCamera(own.withPipeline(PipelineMode.transcode,
                    new TranscodeSettings(null, null, null, null, null, null, null, VideoEncoder.libx264, null), List.of(), null));
            firstSegment(r, "plain", t0);
            firstSegment(r, "own", t0);
            var plain = r.camera("plain").orElseThrow();
            assertEquals(null, plain.transcode(), "what the camera was given is what it shows");
            assertEquals("libx264", plain.status().encoder(), plain.status().toString());
            assertTrue(plain.status().encoderFallback().startsWith(missing + " is not available on this machine: "),
                    "the box-wide encoder reached the camera: " + plain.status().encoderFallback());
            var withOwn = r.camera("own").orElseThrow().status();
            assertEquals("libx264", withOwn.encoder(), withOwn.toString());
            assertEquals(null, withOwn.encoderFallback(), "its own encoder won: nothing to fall back from");
        }
    }

    @Test
    void seiPlantedByTheCameraAppearsInItsStreamButInNoRecordedFile(@TempDir Path dir) throws Exception {
        Path captured = dir.resolve("camera.h264");
        Ffprobe.run(List.of(Ffprobe.ffmpegPath(), "-v", "error", "-rtsp_transport", "tcp", "-i", sim.url("/sei"),
                "-t", "3", "-c", "copy", "-f", "h264", captured.toString()));
        assertTrue(contains(Files.readAllBytes(captured), PLANTED), "the simulated camera really sends the planted SEI");

        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(2)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.camera("sei-passthrough", sim.url("/sei")));
            r.addCamera(TestRecorders.transcoded("sei-transcode", sim.url("/sei"), "Hikvision", null));
            for (String camera : List.of("sei-passthrough", "sei-transcode")) {
                List<Path> files = segments(r, camera, t0, 2);
                for (Path f : files) {
                    byte[] bytes = Files.readAllBytes(f);
                    assertFalse(contains(bytes, PLANTED), camera + ": planted SEI in " + f);
                    assertFalse(contains(bytes, "x264 - core"), camera + ": encoder SEI in " + f);
                    assertTrue(Ffprobe.decodedFrames(f) > 0);
                }
            }
        }
    }

    @Test
    void masksAreBurntIntoEveryRecordedFrame(@TempDir Path dir) throws Exception {
        PrivacyMask solid = new PrivacyMask(List.of(0.0, 0.0, 0.25, 0.5), null, PrivacyMask.Fill.solid, "#000000");
        PrivacyMask blur = new PrivacyMask(null, List.of(List.of(0.5, 0.5), List.of(0.75, 0.5), List.of(0.75, 1.0), List.of(0.5, 1.0)),
                PrivacyMask.Fill.blur, null);
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            r.addCamera(TestRecorders.transcoded("masked", sim.url("/noise"), "Axis", List.of(solid, blur)));
            Path file = firstSegment(r, "masked", t0);
            byte[] yuv = Ffprobe.rawYuv420(file);
            int w = 640;
            int h = 360;
            int frameSize = w * h * 3 / 2;
            int frames = yuv.length / frameSize;
            assertTrue(frames >= 50, "frames: " + frames);
            for (int f = 0; f < frames; f += 5) {
                int base = f * frameSize;
                double[] solidStats = stats(yuv, base, w, 4, 4, 156, 176);
                assertEquals(16, solidStats[0], 3, "frame " + f + ": solid mask is black (Y=16)");
                assertTrue(solidStats[1] < 3, "frame " + f + ": solid mask is flat, stddev " + solidStats[1]);
                double[] blurStats = localStddev(yuv, base, w, 324, 184, 476, 356);
                double[] openStats = localStddev(yuv, base, w, 164, 4, 316, 176);
                assertTrue(blurStats[0] < 4, "frame " + f + ": blurred area has no detail, local stddev " + blurStats[0]);
                // The encoder's rate control needs a few frames to give noise its bits: compare from frame 10 on.
                assertTrue(f < 10 || openStats[0] > 10 && openStats[0] > 4 * blurStats[0], "frame " + f + ": unmasked noise keeps its detail, local stddev " + openStats[0]);
            }
            double change = meanAbsDiff(yuv, 10 * frameSize, 40 * frameSize, w, 164, 4, 316, 176);
            assertTrue(change > 10, "unmasked region changes over time: " + change);
        }
    }

    @Test
    void passthroughNeedsATrustedVendorOrAnOverrideAndNeverWithMasks(@TempDir Path dir) throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            nl.poortwachter.recorder.camera.ChangeApproval hooks = new nl.poortwachter.recorder.camera.ChangeApproval() {
                @Override
                public void approve(CameraSpec before, CameraSpec after) {
                }

                @Override
                public void pipelineChanged(String id, CameraSpec before, CameraSpec after) {
                    events.add("pipeline " + id + " " + (before == null ? null : before.mode()) + "->" + after.mode());
                }

                @Override
                public void policyOverridden(String id, PolicyOverride o) {
                    events.add("override " + id + " " + o.reason() + " at=" + (o.at() != null));
                }
            };
            CameraSpec hik = TestRecorders.transcoded("hik", sim.url(CameraSimulator.SMALL), "Hikvision", null);
            CameraSpec passthrough = hik.withPipeline(PipelineMode.passthrough, null, null, null);
            InvalidCameraException refused = org.junit.jupiter.api.Assertions.assertThrows(InvalidCameraException.class,
                    () -> r.addCamera(passthrough, hooks));
            assertEquals("mode", refused.field());
            assertTrue(r.camera("hik").isEmpty(), "nothing stored");
            var added = r.addCamera(hik.withPipeline(PipelineMode.passthrough, null, null,
                    new PolicyOverride("Camera in een afgesloten serverruimte; besluit CISO 2026-114", "admin", null)), hooks);
            assertEquals(PipelineMode.passthrough, added.mode());
            assertEquals("Camera in een afgesloten serverruimte; besluit CISO 2026-114", added.policyOverride().reason());
            PrivacyMask m = new PrivacyMask(List.of(0.1, 0.1, 0.1, 0.1), null, PrivacyMask.Fill.solid, null);
            InvalidCameraException masked = org.junit.jupiter.api.Assertions.assertThrows(InvalidCameraException.class,
                    () -> r.updateCamera("hik", hik.withPipeline(PipelineMode.passthrough, null, List.of(m),
                            new PolicyOverride("x", "admin", null)), hooks));
            assertEquals("mode", masked.field());
            CameraSpec trusted = TestRecorders.camera("trusted", sim.url(CameraSimulator.SMALL));
            assertEquals(PipelineMode.passthrough, r.addCamera(trusted, hooks).mode(), "the test vendor is trusted by policy");
            assertEquals(null, r.camera("trusted").orElseThrow().policyOverride(), "no override needed or kept");
            assertEquals(List.of("pipeline hik null->passthrough",
                    "override hik Camera in een afgesloten serverruimte; besluit CISO 2026-114 at=true",
                    "pipeline trusted null->passthrough"), events, "the audit hook hears each change once");
        }
    }

    /** FFmpeg grabbers (transcode) and our own RTSP clients (passthrough) not yet released. */
    private static int openReaders() {
        return Grabbers.live() + RtspClient.open();
    }

    @Test
    void switchingModeOrMasksRestartsOnlyThatCameraAndLeaksNothing(@TempDir Path dir) throws Exception {
        int readersBefore = openReaders();
        int nativesBefore = NativeObjects.live();
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            r.addCamera(TestRecorders.camera("steady", sim.url(CameraSimulator.SMALL)));
            CameraSpec changing = TestRecorders.transcoded("changing", sim.url(CameraSimulator.SMALL), "test", null);
            r.addCamera(changing);
            waitFor(r, "steady", IngestState.streaming);
            long steadyReconnects = r.camera("steady").orElseThrow().status().reconnects();
            Instant steadySince = r.camera("steady").orElseThrow().status().since();
            for (int i = 0; i < 12; i++) {
                List<PrivacyMask> masks = i % 3 == 0 ? List.of() : List.of(new PrivacyMask(List.of(0.1 * (i % 5), 0.1, 0.2, 0.2), null,
                        i % 2 == 0 ? PrivacyMask.Fill.solid : PrivacyMask.Fill.blur, null));
                PipelineMode mode = i % 3 == 0 ? PipelineMode.passthrough : PipelineMode.transcode;
                r.updateCamera("changing", changing.withPipeline(mode, null, masks, null));
                waitFor(r, "changing", IngestState.streaming);
                assertEquals(mode, r.camera("changing").orElseThrow().mode());
            }
            assertEquals(steadyReconnects, r.camera("steady").orElseThrow().status().reconnects(), "the other camera was not touched");
            assertEquals(steadySince, r.camera("steady").orElseThrow().status().since());
            r.removeCamera("changing");
            assertEquals(readersBefore + 1, openReaders(), "only the steady camera's RTSP reader is open");
            assertEquals(nativesBefore, NativeObjects.live(), "every decoder, encoder, scaler and frame freed");
        }
        assertEquals(readersBefore, openReaders());
    }

    private static void waitFor(Recorder r, String camera, IngestState state) throws Exception {
        Await.until(Duration.ofSeconds(20), () -> camera + " not " + state + ": " + r.camera(camera).orElseThrow().status(),
                () -> r.camera(camera).orElseThrow().status().state() == state);
    }

    private static Path firstSegment(Recorder r, String camera, Instant t0) throws Exception {
        return segments(r, camera, t0, 1).get(0);
    }

    private static List<Path> segments(Recorder r, String camera, Instant t0, int n) throws Exception {
        List<Timeline.Segment> done = Await.value(Duration.ofSeconds(40),
                () -> camera + ": no " + n + " segments; " + r.camera(camera).orElseThrow().status(), () -> {
                    r.syncIndex();
                    List<Timeline.Segment> complete = r.recordings(camera, t0.minusSeconds(5), Instant.now().plusSeconds(5))
                            .segments().stream().filter(Timeline.Segment::complete).toList();
                    return complete.size() >= n ? complete : null;
                });
        List<Path> out = new ArrayList<>();
        for (Timeline.Segment s : done) {
            SegmentFile f = r.segment(camera, s.id()).orElseThrow();
            out.add(f.file());
        }
        return out;
    }

    static boolean contains(byte[] haystack, String needle) {
        return Bytes.contains(haystack, needle.getBytes(StandardCharsets.US_ASCII));
    }

    /** Mean and standard deviation of Y over [x0, x1) × [y0, y1). */
    static double[] stats(byte[] yuv, int base, int w, int x0, int y0, int x1, int y1) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int v = yuv[base + y * w + x] & 0xff;
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / n - mean * mean))};
    }

    /** Mean of the standard deviation inside 8×8 tiles: detail, as opposed to slow changes of brightness. */
    static double[] localStddev(byte[] yuv, int base, int w, int x0, int y0, int x1, int y1) {
        double total = 0;
        int tiles = 0;
        for (int y = y0; y + 8 <= y1; y += 8) {
            for (int x = x0; x + 8 <= x1; x += 8) {
                total += stats(yuv, base, w, x, y, x + 8, y + 8)[1];
                tiles++;
            }
        }
        return new double[] {total / tiles};
    }

    static double meanAbsDiff(byte[] yuv, int a, int b, int w, int x0, int y0, int x1, int y1) {
        double sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += Math.abs((yuv[a + y * w + x] & 0xff) - (yuv[b + y * w + x] & 0xff));
                n++;
            }
        }
        return sum / n;
    }
}
