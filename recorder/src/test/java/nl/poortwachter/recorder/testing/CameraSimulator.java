package nl.poortwachter.recorder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The camera simulator (src/simulator/camera_sim.py, GStreamer's RTSP server) as a test fixture: a real
 * RTSP server on a free loopback port, which tests can stop and start again on the same port.
 */
public final class CameraSimulator implements AutoCloseable {
    public static final String HIKVISION = "/Streaming/Channels/101";
    public static final String DAHUA = "/cam/realmonitor?channel=1&subtype=0";
    public static final String DIGEST = "/auth/Streaming/Channels/101";
    public static final String H265 = "/h265";
    public static final String SMALL = "/small";
    /** 640x360 like SMALL, every pixel changing every frame: three times its bit rate. */
    public static final String NOISE = "/noise";
    public static final String DIGEST_USER = "admin";
    public static final String DIGEST_PASSWORD = "Geheim!42";

    private final List<String> extraArgs;
    private final Path statsFile;
    private final String address;
    private final int port;
    private Process process;
    private final StringBuffer stderr = new StringBuffer();
    private CompletableFuture<Void> stderrReader = CompletableFuture.completedFuture(null);

    private CameraSimulator(String address, int port, List<String> extraArgs) throws IOException {
        this.address = address;
        this.port = port;
        this.extraArgs = extraArgs;
        this.statsFile = Files.createTempFile("camera-sim-stats", ".json");
    }

    public static CameraSimulator start(String... extraArgs) throws IOException, InterruptedException {
        return startOn("127.0.0.1", extraArgs);
    }

    /**
     * A simulator listening on {@code address} (one of this machine's): a gateway on its default settings refuses
     * cameras on loopback addresses (D49), so a test of those defaults needs a camera on a network address.
     */
    public static CameraSimulator startOn(String address, String... extraArgs) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            CameraSimulator sim = new CameraSimulator(address, freePort(), List.of(extraArgs));
            try {
                sim.launch();
                return sim;
            } catch (IOException e) {
                last = e;
                sim.close();
            }
        }
        throw last;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server again on the same port (after {@link #stop()}). */
    public void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3",
                ProjectFiles.root().resolve("src/simulator/camera_sim.py").toString(),
                "--address", address, "--port", Integer.toString(port), "--stats-file", statsFile.toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // Through the environment, not the command line (which every user of the machine can read with ps).
        pb.environment().put("CAMERA_SIM_AUTH_PASSWORD", DIGEST_PASSWORD);
        pb.redirectErrorStream(false);
        process = pb.start();
        Process p = process;
        stderrReader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            awaitStderr();
            throw new IOException("camera simulator did not become ready on port " + port + ": " + stderr);
        }
        // Keep draining stdout so the simulator never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    /** Stops the server as a camera losing power would: connections drop. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * GStreamer's RTSP server has been seen to die (rarely, on a loaded machine) when several shared 1080p
     * mounts are torn down at once. A class that shares one simulator calls this before each test: a dead
     * server is reported with its stderr and started again on the same port, so one crash of the fixture does
     * not fail every later test. Returns true if it had to restart.
     */
    public boolean ensureRunning() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return false;
        }
        awaitStderr();
        System.err.println("camera simulator on port " + port + " had exited with "
                + (process == null ? "?" : process.exitValue()) + "; restarting. Its stderr:\n" + stderr);
        stderr.setLength(0);
        launch();
        return true;
    }

    /** A dead process's last stderr lines (e.g. a GStreamer assertion) may not have been read yet. */
    private void awaitStderr() throws InterruptedException {
        try {
            stderrReader.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // report what has been read so far
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "rtsp://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + path;
    }

    /** RTSP client connections the server has open now, as its stats file says. */
    public int sessions() throws IOException {
        return stats().path("sessions").asInt(-1);
    }

    /**
     * The first stats snapshot taken at or after {@code instant}: what an absence check looks in must be newer than
     * the action it checks.
     */
    public JsonNode statsTakenAfter(java.time.Instant instant) throws InterruptedException {
        return Await.value(java.time.Duration.ofSeconds(10), "a stats snapshot taken after " + instant, () -> {
            JsonNode s = stats();
            return s.path("taken_ms").asLong(0) >= instant.toEpochMilli() ? s : null;
        });
    }

    public JsonNode stats() throws IOException {
        byte[] b = Files.readAllBytes(statsFile);
        return b.length == 0 ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(b);
    }

    /**
     * Stats from a snapshot the simulator took after this call began: it writes one every 0.5 s, so {@link #stats()}
     * may still count a connection that closed or miss one that opened a moment ago.
     */
    public JsonNode freshStats() throws InterruptedException {
        long asked = System.currentTimeMillis();
        JsonNode[] got = new JsonNode[1];
        Await.until(java.time.Duration.ofSeconds(10), "a simulator snapshot taken after " + asked,
                () -> (got[0] = stats()).path("taken_ms").asLong() > asked);
        return got[0];
    }

    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            Files.deleteIfExists(statsFile);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
