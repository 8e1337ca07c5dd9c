package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import nl.poortwachter.gateway.config.AuthSettings;
import nl.poortwachter.gateway.config.CommandLine;
import nl.poortwachter.gateway.config.SettingsTable;
import nl.poortwachter.gateway.testing.GatewayJvm;
import nl.poortwachter.recorder.settings.Setting;
import nl.poortwachter.recorder.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as an operator runs it: a separate JVM started through Main, its exit codes and output. */
class MainProcessTest {
    @TempDir
    Path tmp;

    private Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(GatewayJvm.command(args)).directory(tmp.toFile());
        pb.environment().remove("POORTWACHTER_HTTP_PORT");
        pb.environment().remove("POORTWACHTER_ADMIN_PASSWORD");
        pb.environment().remove("POORTWACHTER_ADMIN_USER");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** The first line with {@code marker} that the process writes within 90 s; null if it exits or takes longer. */
    private static String firstLine(LinkedBlockingQueue<String> lines, Process p, String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            String line = lines.poll(1, TimeUnit.SECONDS); // returns as soon as a line comes
            if (line != null && line.contains(marker)) {
                return line;
            }
        }
        return null;
    }

    /**
     * Hands the process's stdout over line by line as it comes, and keeps all of it; done when the process has closed
     * its stdout (so all of it has been read).
     */
    private static CompletableFuture<Void> readLines(Process p, LinkedBlockingQueue<String> lines, StringBuffer all) {
        return CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    @Test
    void configErrorIsOneLineAndExitCode2() throws Exception {
        Path config = tmp.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  prot: 8080\n");
        Process p = start(Map.of(), "--config", config.toString());
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit");
        assertEquals(2, p.exitValue());
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertEquals(1, stderr.lines().count(), "one line: " + stderr);
        assertTrue(stderr.startsWith("poortwachter: configuration error: " + config), stderr);
        assertTrue(stderr.contains("unknown key 'http.prot' (line 2, column 3)"), stderr);
        assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
        assertFalse(out.get(10, TimeUnit.SECONDS).contains("Exception"));
    }

    @Test
    void missingEnvironmentVariableIsAConfigError() throws Exception {
        Path config = tmp.resolve("gateway.yaml");
        Files.writeString(config, """
                cameras:
                  - id: markt
                    name: Markt
                    url: rtsp://127.0.0.1:9/x
                    username: viewer
                    password: ${POORTWACHTER_TEST_UNSET_PW}
                    legalRegime: gemeentewet-151c
                """);
        Process p = start(Map.of(), "--config", config.toString());
        CompletableFuture<String> err = drain(p.getErrorStream());
        drain(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertTrue(stderr.contains("id 'markt'") && stderr.contains("POORTWACHTER_TEST_UNSET_PW"), stderr);
    }

    @Test
    void badFlagIsAConfigError() throws Exception {
        Process p = start(Map.of(), "--prot", "1");
        CompletableFuture<String> err = drain(p.getErrorStream());
        drain(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(err.get(10, TimeUnit.SECONDS).contains("unknown argument '--prot'"));
    }

    /** Issue 10 item 14: two gateways on one storage folder would both record and delete there. */
    @Test
    void aSecondGatewayOnTheSameStorageIsRefusedInOneLine() throws Exception {
        Path config = tmp.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 1\n"); // overridden by the environment below
        Path store = tmp.resolve("store");
        Map<String, String> anyPort = Map.of("POORTWACHTER_HTTP_PORT", "0");
        Process first = start(anyPort, "--config", config.toString(), "--storage", store.toString());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        readLines(first, lines, new StringBuffer());
        CompletableFuture<String> firstErr = drain(first.getErrorStream());
        try {
            String started = firstLine(lines, first, "msg=\"gateway started\"");
            assertNotNull(started, "the first gateway did not start: " + firstErr.getNow("") + lines);
            Process second = start(anyPort, "--config", config.toString(), "--storage", store.toString());
            CompletableFuture<String> err = drain(second.getErrorStream());
            drain(second.getInputStream());
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "did not exit");
            assertEquals(1, second.exitValue());
            String stderr = err.get(10, TimeUnit.SECONDS);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertTrue(stderr.startsWith("poortwachter: storage folder " + store + " is in use by another gateway (pid "
                    + first.pid() + " on host "), stderr);
            assertTrue(first.isAlive(), "the first one keeps running");
        } finally {
            first.toHandle().destroy();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "did not stop");
        }
    }

    @Test
    void startsServesAndStopsCleanly() throws Exception {
        Path config = tmp.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 1\n"); // overridden by the environment below
        Process p = start(Map.of("POORTWACHTER_HTTP_PORT", "0"), "--config", config.toString(),
                "--storage", tmp.resolve("store").toString());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer all = new StringBuffer();
        CompletableFuture<Void> stdoutRead = readLines(p, lines, all);
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            String started = firstLine(lines, p, "msg=\"gateway started\"");
            assertNotNull(started, "no start line; stdout:\n" + all + "\nstderr:\n" + err.getNow(""));
            assertTrue(started.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  gateway msg=.*"), started);
            Matcher m = Pattern.compile(" url=(http://127\\.0\\.0\\.1:(\\d+))/ ").matcher(started);
            assertTrue(m.find(), started);
            assertTrue(started.contains("storage=" + tmp.resolve("store")), started);
            assertTrue(started.contains("database=" + tmp.resolve("store").resolve("index.db")), started);

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            // No POORTWACHTER_ADMIN_PASSWORD: a one-time admin password, printed once, that must be changed.
            Matcher otp = Pattern.compile("FIRST START: one-time admin password.* user=admin one_time_password=(\\S+)")
                    .matcher(all);
            assertTrue(otp.find(), all.toString());
            String oneTime = otp.group(1);
            assertFalse(otp.find(), "printed once");
            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/api/v1/auth/token")).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"admin\", \"password\": \""
                                    + oneTime + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("\"mustChangePassword\":true"), login.body());
            // Lines reach stdout through the asynchronous sink: wait for them.
            String hint = "first start: open " + m.group(1) + "/ in a browser";
            Await.until(Duration.ofSeconds(30), () -> "the hint and the request line in:\n" + all,
                    () -> all.toString().contains(hint)
                            && all.toString().contains("msg=\"request\" method=GET path=/health status=200"));
        } finally {
            // SIGTERM, as systemd sends; Process.destroy() would also close our end of its stdout.
            p.toHandle().destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not stop");
        }
        stdoutRead.get(30, TimeUnit.SECONDS); // every line the process wrote before it exited
        assertTrue(all.toString().contains("msg=\"gateway stopped\""), "shutdown is logged:\n" + all
                + "\nexit " + p.exitValue() + "\nstderr:\n" + err.get(10, TimeUnit.SECONDS));
        for (String line : all.toString().split("\n")) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR|DEBUG|TRACE) .*"),
                    "not a structured line: " + line);
        }
        assertTrue(Files.exists(tmp.resolve("store").resolve("index.db")), "the index lives in the storage dir");
        assertFalse(Files.exists(tmp.resolve(".vertx")), "no Vert.x cache directory in the working directory");
    }

    @Test
    void helpListsEveryFlagEnvironmentVariableAndSetting() throws Exception {
        Process p = start(Map.of(), "--help");
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit");
        assertEquals(0, p.exitValue(), err.get(10, TimeUnit.SECONDS));
        String help = out.get(10, TimeUnit.SECONDS);
        assertTrue(help.startsWith(CommandLine.USAGE + "\n"), help);
        for (CommandLine.Flag f : CommandLine.FLAGS) {
            assertTrue(help.contains("\n  " + f.name()), f.name() + " missing:\n" + help);
        }
        for (String variable : List.of(CommandLine.PORT_ENV, AuthSettings.ADMIN_PASSWORD_ENV, AuthSettings.ADMIN_USER_ENV,
                "JAVA_OPTS")) {
            assertTrue(help.contains("\n  " + variable + "\n"), variable + " missing:\n" + help);
        }
        for (Setting<?> s : SettingsTable.ALL) {
            assertTrue(help.contains("\n  " + s.key() + " "), s.key() + " missing:\n" + help);
        }
        assertTrue(help.contains("\n  http.port (default 8080) [1-65535]\n"), help);
        assertTrue(help.contains("sets http.port (default 8080): TCP port of the web pages and the API."), help);
        assertTrue(help.lines().allMatch(l -> l.length() <= 100 || !l.contains(" ")), "wrapped at 100 columns");
    }

    @Test
    void aPortInUseIsOneLineNamingHostAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Process p = start(Map.of(CommandLine.PORT_ENV, Integer.toString(port)),
                    "--storage", tmp.resolve("store").toString());
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "did not exit");
            String stderr = err.get(10, TimeUnit.SECONDS);
            assertEquals(Main.EXIT_CONFIG_ERROR, p.exitValue(), stderr);
            assertEquals(1, stderr.lines().count(), "one line: " + stderr);
            assertTrue(stderr.startsWith("poortwachter: configuration error: cannot listen on 127.0.0.1:" + port
                    + ": Address already in use;"), stderr);
            String stdout = out.get(10, TimeUnit.SECONDS);
            assertFalse(stdout.contains("\\tat ") || stdout.contains("Exception"), "no stack trace:\n" + stdout);
        }
    }

    @Test
    void jsonLogLinesWhenConfigured() throws Exception {
        Path config = tmp.resolve("gateway.yaml");
        Files.writeString(config, "logging:\n  format: json\n");
        Process p = start(Map.of(CommandLine.PORT_ENV, "0"), "--config", config.toString(),
                "--storage", tmp.resolve("store").toString());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer all = new StringBuffer();
        readLines(p, lines, all);
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            String line = firstLine(lines, p, "\"msg\":\"gateway started\"");
            assertNotNull(line, "no start line; stdout:\n" + all + "\nstderr:\n" + err.getNow(""));
            JsonNode started = new ObjectMapper().readTree(line);
            assertEquals("INFO", started.path("level").asText());
            assertEquals("gateway", started.path("logger").asText());
            assertTrue(started.path("url").asText().startsWith("http://127.0.0.1:"), started.toString());
            assertTrue(started.path("cameras").isInt(), started.toString());
        } finally {
            p.toHandle().destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not stop");
        }
    }
}
