package nl.poortwachter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** src/simulator/camera_sim.py in replay mode: N mounts /replay/0..N-1 looping one clip, no live encoders. */
final class Simulator implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path statsFile;

    private Simulator(Process process, int port, Path statsFile) {
        this.process = process;
        this.port = port;
        this.statsFile = statsFile;
    }

    static Simulator start(Path root, Path clip, int mounts, Path statsFile, Path log) throws IOException, InterruptedException {
        return start(root, List.of("--replay-cameras", Integer.toString(mounts), "--replay-clip", clip.toString(), "--no-live"),
                statsFile, log);
    }

    /** The live (encoding) mounts such as {@code /small}, plus whatever {@code extraArgs} adds (e.g. {@code --sei}). */
    static Simulator startLive(Path root, List<String> extraArgs, Path statsFile, Path log) throws IOException, InterruptedException {
        return start(root, 0, extraArgs, statsFile, log);
    }

    /** The live mounts on a given port: a simulator started again where cameras expect it (an outage that ends). */
    static Simulator startLive(Path root, int port, Path statsFile, Path log) throws IOException, InterruptedException {
        return start(root, port, List.of(), statsFile, log);
    }

    private static Simulator start(Path root, List<String> mountArgs, Path statsFile, Path log) throws IOException, InterruptedException {
        return start(root, 0, mountArgs, statsFile, log);
    }

    private static Simulator start(Path root, int port, List<String> mountArgs, Path statsFile, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", root.resolve("src/simulator/camera_sim.py").toString(),
                "--port", Integer.toString(port)));
        cmd.addAll(mountArgs);
        cmd.addAll(List.of("--stats-file", statsFile.toString()));
        Process p = Bench.track(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY port=")) {
                        return line;
                    }
                }
            } catch (IOException e) {
                // ended
            }
            return null;
        });
        String line;
        try {
            line = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("camera simulator did not start: " + String.join(" ", cmd) + "; see " + log);
        }
        // Keep draining stdout so the simulator never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // ended
            }
        });
        return new Simulator(p, Integer.parseInt(line.substring("READY port=".length()).trim()), statsFile);
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port + path;
    }

    /** Mounts that have at least one client that SETUP a stream, from the simulator's stats file. */
    int mountsWithClient() {
        try {
            JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(statsFile)).path("per_mount");
            int count = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                if (it.next().getValue().asInt() > 0) {
                    count++;
                }
            }
            return count;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** RTSP connections with a SETUP on one mount (e.g. {@code /small}), from the stats file; -1 if unreadable. */
    int clientsOn(String mount) {
        try {
            JsonNode n = new ObjectMapper().readTree(Files.readAllBytes(statsFile)).path("per_mount").path(mount);
            return n.isMissingNode() ? -1 : n.asInt();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
