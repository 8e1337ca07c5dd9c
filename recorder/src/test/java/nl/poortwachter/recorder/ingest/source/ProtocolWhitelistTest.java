package nl.poortwachter.recorder.ingest.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second wall: even a URL that got past the URL policy (here handed straight to the grabber) cannot make
 * FFmpeg read a local file, because the grabber forces the RTSP demuxer and a protocol whitelist.
 */
class ProtocolWhitelistTest {

    @ParameterizedTest
    @ValueSource(strings = {"file:%s", "%s", "concat:%s|%s", "subfile:,start,0,end,0,:%s", "rtsp://127.0.0.1:1/x?%s"})
    void aLocalVideoFileCannotBeOpenedThroughTheCameraPath(String pattern, @TempDir Path dir) throws Exception {
        Path video = dir.resolve("local.mp4");
        nl.poortwachter.recorder.testing.Ffprobe.run(java.util.List.of(nl.poortwachter.recorder.testing.Ffprobe.ffmpegPath(),
                "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-frames:v", "25", "-c:v", "libx264",
                video.toString()));
        String url = pattern.replace("%s", video.toString());
        CameraSpec spec = new CameraSpec("x", "x", url, null, null, null, null, null, null, "r", 1, true, null);
        ProbeResult r = Prober.probe(spec, Duration.ofSeconds(4), address -> true);
        assertFalse(r.ok(), url + " must not open: " + r);
        assertNull(r.codec(), "nothing was read from " + url);
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(video));
    }
}
