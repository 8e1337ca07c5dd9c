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
import nl.poortwachter.recorder.testing.Await;
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
    private String token;
    private List<String> launcher = List.of();
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    public static final String ADMIN_PASSWORD = "E2e-Beheer-Wachtwoord-1";

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
                # the camera simulator runs on loopback, which cameras may not use unless allowed
                cameraSpecialAddresses: [loopback]
                ingest:
                  connectTimeoutSeconds: 2
                  stallTimeoutSeconds: 6
                  backoffInitialSeconds: 1
                  backoffMaxSeconds: 2
                auth:
                  passwordHashIterations: 10000
                """.formatted(port, dir.resolve("storage"), dir.resolve("index.db"))
                // Tests count pictures: a busy test machine must not make the overload policy reduce a camera under
                // them, unless the test sets the capacity section itself (OverloadIT).
                + (extraYaml.contains("capacity:") ? "" : "capacity:\n  overloadPolicy: report\n") + extraYaml);
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    public Path database() {
        return dir.resolve("index.db");
    }

    /** Runs the gateway on these processors only ({@code taskset -c}): a box with less CPU than its cameras need. */
    public GatewayProcess pinnedTo(String cpus) {
        this.launcher = List.of("taskset", "-c", cpus);
        return this;
    }

    /** The port of its API (for clients the helpers here do not cover, e.g. a WebSocket). */
    public int port() {
        return port;
    }

    /** Its configuration file. */
    public Path configFile() {
        return config;
    }

    /** An environment variable for the process (set before {@link #start()}), e.g. the cluster secret. */
    public GatewayProcess withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    public GatewayProcess start() throws IOException, InterruptedException {
        Path root = nl.poortwachter.recorder.testing.ProjectFiles.root();
        String classpath = root.resolve("gateway/target/classes") + File.pathSeparator + root.resolve("gateway/target/lib") + File.separator + "*";
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k", "-Xmx512m", "-cp", classpath, "nl.poortwachter.gateway.Main", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The first admin comes from the environment; a restart on the same storage finds it already there.
        pb.environment().put("POORTWACHTER_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putAll(env);
        process = pb.start();
        try {
            Await.until(Duration.ofSeconds(60), () -> "gateway healthy:\n" + logText(), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("gateway exited with " + process.exitValue() + ": " + logText());
                }
                return get("/health").statusCode() == 200; // an IOException: not listening yet
            });
            logIn();
            return this;
        } catch (AssertionError | IOException e) {
            stop(); // do not leave a half-started gateway behind
            throw new IOException("gateway did not become healthy or no login worked: " + logText(), e);
        }
    }

    /**
     * Every endpoint but /health needs a login. The tests act as an integrator (cameras, recordings, metrics):
     * made by the bootstrap admin at the first start, with its initial password changed as a real user must.
     */
    private void logIn() throws IOException, InterruptedException {
        String admin = token("admin", ADMIN_PASSWORD);
        String password = "Gekozen-Wachtwoord-Integrator";
        if (admin != null) {
            HttpResponse<String> created = raw("POST", "/api/v1/users", "{\"username\": \"e2e\", \"role\": \"integrator\","
                    + " \"password\": \"Eerste-Wachtwoord-Integrator\"}", admin);
            if (created.statusCode() == 201) {
                String first = token("e2e", "Eerste-Wachtwoord-Integrator");
                HttpResponse<String> changed = raw("POST", "/api/v1/auth/password", "{\"currentPassword\": "
                        + "\"Eerste-Wachtwoord-Integrator\", \"newPassword\": \"" + password + "\"}", first);
                if (changed.statusCode() != 204) {
                    throw new IOException("password change failed: " + changed.body());
                }
            }
        }
        token = token("e2e", password);
        if (token == null) {
            throw new IOException("cannot log in as the e2e integrator: " + logText());
        }
    }

    private String token(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = raw("POST", "/api/v1/auth/token", "{\"username\": \"" + user + "\", \"password\": \""
                + password + "\"}", null);
        if (r.statusCode() != 200) {
            return null;
        }
        var m = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    /**
     * A user made by the admin (role and camera grants as the API takes them), its first password changed as a real
     * user must; returns a login token of it. On a cluster the user exists on every node (D73).
     */
    public String newUser(String username, String role, List<String> grants) throws IOException, InterruptedException {
        String admin = token("admin", ADMIN_PASSWORD);
        String first = "Eerste-Wachtwoord-Nieuwe-Gebruiker";
        String grantList = grants.stream().map(g -> "\"" + g + "\"").collect(java.util.stream.Collectors.joining(","));
        HttpResponse<String> created = raw("POST", "/api/v1/users", "{\"username\": \"" + username + "\", \"role\": \""
                + role + "\", \"password\": \"" + first + "\", \"grants\": [" + grantList + "]}", admin);
        if (created.statusCode() != 201) {
            throw new IOException("user " + username + " not made: " + created.body());
        }
        String chosen = "Gekozen-Wachtwoord-Nieuwe-Gebruiker";
        HttpResponse<String> changed = raw("POST", "/api/v1/auth/password", "{\"currentPassword\": \"" + first
                + "\", \"newPassword\": \"" + chosen + "\"}", token(username, first));
        if (changed.statusCode() != 204) {
            throw new IOException("password change failed: " + changed.body());
        }
        return token(username, chosen);
    }

    /** The token the requests below send; tests may also call {@link #raw} without one. */
    public String token() {
        return token;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return raw(method, path, json, token);
    }

    public HttpResponse<String> raw(String method, String path, String json, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET as {@code bearer}, the body as bytes; {@code range} a Range header or null. */
    public HttpResponse<byte[]> bytes(String path, String bearer, String range) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET()
                .header("Authorization", "Bearer " + bearer);
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The process id (for signals the JDK does not send, e.g. SIGSTOP). */
    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (STOP, CONT) with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
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
