package nl.poortwachter.recorder.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.testing.Ffprobe;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoder detection and fallback with real FFmpeg calls: what this machine can open decides, nothing mocked. */
class EncodersTest {
    /** Without the device node no driver can reach the hardware: these encoders cannot be available then. */
    private static final Map<VideoEncoder, Path> DEVICE = Map.of(
            VideoEncoder.h264_nvenc, Path.of("/dev/nvidia0"),
            VideoEncoder.h264_vaapi, Path.of("/dev/dri/renderD128"),
            VideoEncoder.h264_qsv, Path.of("/dev/dri/renderD128"));

    @Test
    void detectionOpensEveryEncoderOnceAndSaysWhyOneIsMissing() {
        int live = NativeObjects.live();
        List<Encoders.Support> all = Encoders.detected();
        assertEquals(VideoEncoder.values().length - 1, all.size(), "every encoder but auto: " + all);
        for (Encoders.Support s : all) {
            if (!s.encoder().isHardware()) {
                assertTrue(s.available(), "software encoders are in the GPL build: " + s);
            } else if (!Files.exists(DEVICE.get(s.encoder()))) {
                assertFalse(s.available(), "no " + DEVICE.get(s.encoder()) + " on this machine, yet: " + s);
                assertTrue(s.detail().contains(" failed: ") && s.detail().contains("(no "), s.detail());
            }
        }
        assertEquals(List.of(Encoders.probe(VideoEncoder.libx264)), List.of(new Encoders.Support(VideoEncoder.libx264, true, "")));
        for (Encoders.Support s : all) {
            assertEquals(s.available(), Encoders.probe(s.encoder()).available(), "probing again gives the same answer");
        }
        assertEquals(live, NativeObjects.live(), "every probe, failed or not, frees what it opened");
    }

    @Test
    void aCameraAskingForAMissingEncoderGetsLibx264AndTheReason() {
        List<Encoders.Support> noGpu = List.of(new Encoders.Support(VideoEncoder.libx264, true, ""),
                new Encoders.Support(VideoEncoder.h264_nvenc, false, "open h264_nvenc failed: Operation not permitted (no NVIDIA GPU)"),
                new Encoders.Support(VideoEncoder.h264_qsv, false, "x"), new Encoders.Support(VideoEncoder.h264_vaapi, false, "y"));
        Encoders.Choice c = Encoders.choose(VideoEncoder.h264_nvenc, noGpu);
        assertEquals(VideoEncoder.libx264, c.encoder());
        assertEquals("h264_nvenc is not available on this machine: open h264_nvenc failed: Operation not permitted (no NVIDIA GPU)",
                c.fallback());
        assertEquals(Encoders.Choice.of(VideoEncoder.libx264), Encoders.choose(VideoEncoder.auto, noGpu),
                "auto without hardware is plain libx264, not a fallback");
        assertEquals(Encoders.Choice.of(VideoEncoder.libx264), Encoders.choose(null, noGpu));

        List<Encoders.Support> intel = List.of(new Encoders.Support(VideoEncoder.h264_nvenc, false, "x"),
                new Encoders.Support(VideoEncoder.h264_qsv, true, ""), new Encoders.Support(VideoEncoder.h264_vaapi, true, ""));
        assertEquals(Encoders.Choice.of(VideoEncoder.h264_qsv), Encoders.choose(VideoEncoder.auto, intel), "auto: nvenc, qsv, vaapi");
        assertEquals(Encoders.Choice.of(VideoEncoder.h264_vaapi), Encoders.choose(VideoEncoder.h264_vaapi, intel));
        assertEquals(Encoders.Choice.of(VideoEncoder.libopenh264),
                Encoders.choose(VideoEncoder.libopenh264, List.of(new Encoders.Support(VideoEncoder.libopenh264, true, ""))));
    }

    @Test
    void anEncoderThatCannotBeOpenedAtSessionStartFallsBackToLibx264AndStillEncodesEveryPicture(@TempDir Path dir) throws Exception {
        // As if detection had found a GPU that is gone (or out of encoder sessions) when the camera connects.
        VideoEncoder missing = Encoders.detected().stream().filter(s -> s.encoder().isHardware() && !s.available())
                .map(Encoders.Support::encoder).findFirst()
                .orElseThrow(() -> new AssertionError("this machine opens every hardware encoder: the fallback cannot be shown here"));
        Path clip = dir.resolve("camera.mp4");
        Ffprobe.run(List.of(Ffprobe.ffmpegPath(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-frames:v", "30", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip.toString()));
        int live = NativeObjects.live();
        List<Long> out = new ArrayList<>();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile());
        grabber.startUnsafe();
        try {
            AVStream stream = grabber.getFormatContext().streams(0);
            try (Transcoder t = new Transcoder(stream.codecpar(), stream.time_base().num(), stream.time_base().den(), 25,
                    TranscodeSettings.resolve(new TranscodeSettings(null, null, 300, 25, null, null, 1, missing, null),
                            RecorderConfig.transcodeDefaults()), List.of(),
                    (data, size, pts, dts, key, arrival) -> out.add(pts), new Encoders.Choice(missing, null))) {
                assertEquals(VideoEncoder.libx264, t.encoder());
                assertTrue(t.encoderFallback().startsWith(missing + " could not be opened: "), t.encoderFallback());
                AVPacket pkt;
                while ((pkt = grabber.grabPacket()) != null) {
                    try {
                        t.accept(pkt, 0);
                    } finally {
                        avcodec.av_packet_unref(pkt);
                    }
                }
                t.finish();
            }
        } finally {
            grabber.releaseUnsafe();
        }
        assertEquals(30, out.size(), "every picture encoded by the fallback");
        assertEquals(live, NativeObjects.live(), "the encoder that failed to open and the one used are both freed");
    }

    @Test
    void libx264IsUsedAsAskedWithoutAFallbackNote() {
        Encoders.Choice c = Encoders.choose(VideoEncoder.libx264);
        assertEquals(VideoEncoder.libx264, c.encoder());
        assertNull(c.fallback());
    }
}
