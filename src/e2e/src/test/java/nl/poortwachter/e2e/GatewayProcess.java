package nl.poortwachter.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.testing.CameraSimulator;

/**
 * The gateway as an operator runs it: its own JVM process with a config file, storage folder and port of
 * its own, its stdout/stderr captured to a file so tests can read the logs. {@link #kill()} is {@code kill -9}.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    public GatewayProcess(Path dir, String extraYaml) throws IOException {
        this.dir = dir;
        this.port = CameraSimulator.freePort();
        this.config = dir.resolve("gateway.yaml");
        this.log = dir.resolve("gateway.log");
        Files.writeString(config, """
                http:
                  host: 127.0.0.1
                  port: %d
                storage:
                  path: %s
                database:
                  path: %s
                ingest:
                  connectTimeoutSeconds: 2
                  stallTimeoutSeconds: 6
                  backoffInitialSeconds: 1
                  backoffMaxSeconds: 2
                """.formatted(port, dir.resolve("storage"), dir.resolve("index.db")) + extraYaml);
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    public GatewayProcess start() throws IOException, InterruptedException {
        Path root = nl.poortwachter.recorder.testing.ProjectFiles.root();
        String classpath = root.resolve("gateway/target/classes") + File.pathSeparator + root.resolve("gateway/target/lib") + File.separator + "*";
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k", "-Xmx512m", "-cp", classpath, "nl.poortwachter.gateway.Main", "--config", config.toString()));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("gateway exited with " + process.exitValue() + ": " + logText());
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("gateway did not become healthy: " + logText());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** kill -9: no shutdown hook, no flush, no close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
