package nl.poortwachter.recorder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;

/** The ffprobe/ffmpeg executables shipped in the bytedeco jar: same libav build as the gateway. */
public final class Ffprobe {
    private Ffprobe() {
    }

    public static String ffprobePath() {
        return Loader.load(ffprobe.class);
    }

    public static String ffmpegPath() {
        return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }

    /** {@code ffprobe -show_format -show_streams} as JSON. */
    public static JsonNode probe(Path file) throws IOException, InterruptedException {
        String out = run(List.of(ffprobePath(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
        return new ObjectMapper().readTree(out);
    }

    /** Decodes the whole file; returns the number of video frames decoded without error. */
    public static int decodedFrames(Path file) throws IOException, InterruptedException {
        String out = run(List.of(ffprobePath(), "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-print_format", "json", file.toString()));
        return new ObjectMapper().readTree(out).path("streams").path(0).path("nb_read_frames").asInt(-1);
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        return new String(runBytes(command), StandardCharsets.UTF_8);
    }

    /** Decodes the video to raw YUV420P frames (Y plane first in each frame). */
    public static byte[] rawYuv420(Path file) throws IOException, InterruptedException {
        return runBytes(List.of(ffmpegPath(), "-v", "error", "-i", file.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"));
    }

    public static byte[] runBytes(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        Path errFile = java.nio.file.Files.createTempFile("ffmpeg", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String err = java.nio.file.Files.readString(errFile);
        java.nio.file.Files.deleteIfExists(errFile);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + cmd + ": " + err);
        }
        return out;
    }
}
