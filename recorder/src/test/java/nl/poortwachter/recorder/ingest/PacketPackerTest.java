package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.fmp4.Fmp4FileScanner;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.testing.Ffprobe;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Packets from a real encoder (the bundled ffmpeg, with B-frames and long GOPs that cameras rarely use)
 * through our packer and muxer, read back by FFmpeg's own demuxer and decoder.
 */
class PacketPackerTest {

    @ParameterizedTest
    @CsvSource({
            "libx264, h264, '-bf,2,-g,50', 100",     // B-frames: composition offsets must be right
            "libx264, h264, '-bf,0,-g,100', 100",    // GOP of 4 s: fragments cut at 1 s without a keyframe
            "libx265, hevc, '-x265-params,bframes=0:keyint=25:log-level=error', 50"})
    void encoderOutputPassesThroughAsPlayableFragmentedMp4(String encoder, String codecName, String extra, int frames, @TempDir Path dir)
            throws Exception {
        Path ts = dir.resolve("in.ts");
        List<String> cmd = new ArrayList<>(List.of(Ffprobe.ffmpegPath(), "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25", "-frames:v", Integer.toString(frames), "-c:v", encoder, "-pix_fmt", "yuv420p"));
        cmd.addAll(List.of(extra.split(",")));
        cmd.addAll(List.of("-f", "mpegts", ts.toString()));
        Ffprobe.run(cmd);

        List<Fragment> fragments = new ArrayList<>();
        OfflinePipeline.Result result = OfflinePipeline.run(ts, PipelineMode.passthrough, null, null, 1, fragments::add);
        assertEquals(frames, result.packets());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fragments.get(0).init().bytes());
        fragments.forEach(f -> out.writeBytes(f.bytes()));
        Path mp4 = dir.resolve("out.mp4");
        Files.write(mp4, out.toByteArray());

        JsonNode probe = Ffprobe.probe(mp4);
        assertEquals(codecName, probe.path("streams").path(0).path("codec_name").asText());
        assertEquals(320, probe.path("streams").path(0).path("width").asInt());
        assertEquals(frames, Ffprobe.decodedFrames(mp4), "every frame decodes");
        assertEquals(frames / 25.0, probe.path("format").path("duration").asDouble(), 0.05);
        String ptsList = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-select_streams", "v", "-show_entries",
                "frame=pts", "-of", "csv=p=0", mp4.toString()));
        long[] pts = ptsList.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.split(",")[0].trim())).sorted().toArray();
        for (int i = 1; i < pts.length; i++) {
            assertEquals(3600, pts[i] - pts[i - 1], "presentation times 40 ms apart at frame " + i);
        }

        assertTrue(fragments.get(0).keyframe());
        for (Fragment f : fragments) {
            assertTrue(f.duration() <= InitSegment.TIMESCALE + 3600, "fragments of about a second: " + f.duration());
        }
        Fmp4FileScanner.Scan scan = Fmp4FileScanner.scan(mp4);
        assertEquals(fragments.size(), scan.fragments().size());
        assertEquals(Files.size(mp4), scan.validLength());
        assertEquals(frames * 3600L, scan.mediaDuration());
        assertEquals(codecName.equals("h264") ? "avc1" : "hvc1", scan.sampleEntry());
        for (int i = 0; i < fragments.size(); i++) {
            assertEquals(fragments.get(i).wallClockMillis(), scan.fragments().get(i).wallClockMillis(),
                    "each fragment carries its wall-clock time (prft), which FFmpeg's demuxer passes over");
        }
        long keyFragments = fragments.stream().filter(Fragment::keyframe).count();
        assertEquals(keyFragments, scan.fragments().stream().filter(Fmp4FileScanner.FragmentInfo::keyframe).count());
    }
}
