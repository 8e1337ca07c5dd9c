package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * The bundled ffmpeg (the same libav build as the gateway) for "bench transcode": runs measured by the CPU time
 * (user + system) the process used, which a busy machine disturbs far less than wall-clock time; SSIM.
 */
final class FfmpegCli {
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$");
    private static final Pattern SSIM_ALL = Pattern.compile("SSIM .*All:([0-9.]+)");

    private final String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);

    /**
     * The first {@code frames} pictures of an Annex-B clip, copied (no re-encoding) into MP4 so that every picture
     * has a timestamp, as pictures from a camera have: both sides read the same bytes. (Raw H.264 has none, and the
     * gateway's pipeline takes a first picture without one for the tail of a picture it joined late, and drops it.)
     */
    Path cut(Path clip, int frames, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(clip.getFileName().toString().replace(".h264", "") + "-" + frames + ".mp4");
        run(List.of(ffmpeg, "-nostdin", "-v", "error", "-framerate", "25", "-i", clip.toString(), "-c", "copy", "-frames:v",
                Integer.toString(frames), "-y", out.toString()));
        return out;
    }

    /**
     * Runs ffmpeg with {@code args} under bash and returns the CPU seconds (user + system) it used: bash's
     * {@code times} reports the children it waited for.
     */
    double cpuSeconds(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null 2>&1; rc=$?; times; exit $rc", "bench", ffmpeg));
        cmd.addAll(args);
        String out = run(cmd);
        Matcher m = TIMES.matcher(out.strip());
        if (!m.find()) {
            throw new IOException("no CPU times from bash: " + out);
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    /** SSIM ("All", Y/U/V weighted) of {@code encoded} against the decoded {@code source}, picture by picture. */
    double ssim(Path encoded, Path source) throws IOException, InterruptedException {
        String out = run(List.of(ffmpeg, "-nostdin", "-i", encoded.toString(), "-i", source.toString(),
                "-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"));
        Matcher m = SSIM_ALL.matcher(out);
        if (!m.find()) {
            throw new IOException("no SSIM in ffmpeg's output: " + out.substring(Math.max(0, out.length() - 500)));
        }
        return Double.parseDouble(m.group(1));
    }

    String path() {
        return ffmpeg;
    }

    /** @return stdout and stderr together; fails on a non-zero exit */
    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): " + String.join(" ", cmd)
                    + "\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
