package nl.poortwachter.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test: a disk that really fills up. Needs root (this project's test machines run
 * as root); a test that cannot mount fails rather than skips.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    public static Tmpfs mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString()));
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Fills the file system until {@code freeBytes} remain (roughly: tmpfs counts in pages). */
    public Path ballastLeaving(long freeBytes) throws IOException {
        Path ballast = dir.resolve("ballast");
        long size = Math.max(0, free() - freeBytes);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return ballast;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", dir.toString()));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
