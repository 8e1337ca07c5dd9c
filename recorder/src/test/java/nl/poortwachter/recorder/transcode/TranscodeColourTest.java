package nl.poortwachter.recorder.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.ingest.OfflinePipeline;
import nl.poortwachter.recorder.testing.Ffprobe;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The camera's colours survive the transcode: our stream is tagged with the camera's matrix, primaries and
 * transfer (untagged HD is shown with BT.601 colours by some players), and with the range of the pictures the
 * encoder got: full-range 4:2:0 goes through unconverted (tagged full), anything converted is limited range.
 */
class TranscodeColourTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "yuv420p,  tv, 640, tv",   // the usual camera: untouched, limited range
            "yuvj420p, pc, 640, pc",   // a full-range camera: untouched, still full range
            "yuvj420p, pc, 320, tv",   // scaled down: swscale makes limited range
            "yuvj422p, pc, 640, tv"})  // 4:2:2 (MJPEG-like) converted to 4:2:0: limited range
    void theStreamSaysHowItsPixelsAreMeant(String pixFmt, String range, int outWidth, String expectedRange, @TempDir Path dir)
            throws Exception {
        Path clip = dir.resolve("camera.mkv");
        Ffprobe.run(List.of(Ffprobe.ffmpegPath(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-frames:v", "10", "-vf", "scale=out_range=" + (range.equals("pc") ? "full" : "limited") + ",format=" + pixFmt
                        + ",setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709",
                "-c:v", "libx264", clip.toString()));
        assertEquals(range, Ffprobe.probe(clip).path("streams").path(0).path("color_range").asText(), "the camera's range");
        Path out = dir.resolve("out.mp4");
        TranscodeSettings settings = new TranscodeSettings(null, null, 500, 25, outWidth == 640 ? null : 180, null, 1);
        try (OutputStream o = Files.newOutputStream(out)) {
            boolean[] first = {true};
            OfflinePipeline.run(clip, PipelineMode.transcode, settings, List.of(), 1, f -> {
                try {
                    if (first[0]) {
                        o.write(f.init().bytes());
                        first[0] = false;
                    }
                    o.write(f.bytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        JsonNode v = Ffprobe.probe(out).path("streams").path(0);
        assertEquals(outWidth, v.path("width").asInt());
        // FFmpeg's decoder names full-range 4:2:0 "yuvj420p".
        assertEquals(expectedRange.equals("pc") ? "yuvj420p" : "yuv420p", v.path("pix_fmt").asText(), v.toString());
        assertEquals(expectedRange, v.path("color_range").asText(), v.toString());
        assertEquals("bt709", v.path("color_space").asText(), v.toString());
        assertEquals("bt709", v.path("color_primaries").asText(), v.toString());
        assertEquals("bt709", v.path("color_transfer").asText(), v.toString());
    }
}
