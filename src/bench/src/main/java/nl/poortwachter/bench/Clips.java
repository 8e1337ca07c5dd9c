package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The benchmark clips, made once and cached in ~/.cache/poortwachter-bench (never committed: ~30 MB each):
 * the replay clip (the simulator's moving test pattern, what the recording bench replays) and a clip that looks
 * like a surveillance camera (src/bench/surveillance-clip.sh: a still scene with sensor noise and a few moving
 * objects). Both 60 s of 1080p25 H.264 High at 4 Mbit/s, Annex-B.
 */
final class Clips {
    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "poortwachter-bench");
    static final Path REPLAY = CACHE.resolve("replay-1080p25-4M-60s.h264");
    static final Path SURVEILLANCE = CACHE.resolve("surveillance-1080p25-4M-60s.h264");

    private Clips() {
    }

    /** The replay clip at {@code clip} (the recording bench may name another path). */
    static void ensureReplay(Path root, Path clip) throws IOException, InterruptedException {
        ensure(clip, "the replay clip (1080p25, 4 Mbit/s, 60 s; about a minute)",
                List.of("/usr/bin/python3", root.resolve("src/simulator/camera_sim.py").toString(), "--make-clip"));
    }

    static void ensureSurveillance(Path root, Path clip) throws IOException, InterruptedException {
        ensure(clip, "the surveillance clip (1080p25, 4 Mbit/s, 60 s; about a minute of CPU)",
                List.of("bash", root.resolve("src/bench/surveillance-clip.sh").toString()));
    }

    /** Runs {@code command} with a temporary output path appended, then moves the result into place. */
    private static void ensure(Path clip, String what, List<String> command) throws IOException, InterruptedException {
        if (Files.isRegularFile(clip) && Files.size(clip) > 0) {
            Bench.log("clip: " + clip + " (cached, " + Files.size(clip) / 1024 / 1024 + " MiB)");
            return;
        }
        Files.createDirectories(clip.getParent());
        Path tmp = clip.resolveSibling(clip.getFileName() + ".part");
        Bench.log("making " + what + " -> " + clip);
        Process p = new ProcessBuilder(concat(command, tmp.toString())).inheritIO().start();
        if (p.waitFor() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")");
        }
        Files.move(tmp, clip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
