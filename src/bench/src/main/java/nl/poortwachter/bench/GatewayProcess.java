package nl.poortwachter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole gateway ({@code nl.poortwachter.gateway.Main}: HTTP, auth, recorder) as a child JVM, so that its CPU
 * and memory can be read from /proc/PID alone. Temp config and storage; the first admin is bootstrapped from
 * {@code POORTWACHTER_ADMIN_PASSWORD}, a random password that only this process and the child know.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("gateway started.*?url=\"?(http://[^\\s/\"]+)");
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final String baseUrl;
    private final String adminPassword;

    private GatewayProcess(Process process, String baseUrl, String adminPassword) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
    }

    /**
     * @param yaml    the configuration file's text (storage and database go under {@code dir})
     * @param jvmOpts flags of the child JVM (the recording bench's defaults unless given)
     * @param env     extra environment, NAME=VALUE separated by spaces (the malloc settings of the recording bench)
     */
    static GatewayProcess start(Path dir, String yaml, String jvmOpts, String env, Path log) throws IOException, InterruptedException {
        return start(dir, yaml, jvmOpts, env, log, List.of(), System.getProperty("java.class.path"));
    }

    /**
     * @param launcher  put before the java command, e.g. {@code taskset -c 0} to give the gateway one core
     * @param classpath the gateway's classes and jars: this bench's own, or another build's (a before/after comparison)
     */
    static GatewayProcess start(Path dir, String yaml, String jvmOpts, String env, Path log, List<String> launcher,
                                String classpath) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Bench.splitOpts(jvmOpts));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache); // the FFmpeg natives are unpacked once, not per run
        }
        // By default the bench's own class path: a private copy of the jars made by src/bench/bench, gateway included.
        cmd.addAll(List.of("-cp", classpath, "nl.poortwachter.gateway.Main",
                "--config", config.toString(), "--port", "0", "--storage", dir.resolve("storage").toString()));
        Files.writeString(dir.resolve("gateway.cmd"), String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        String adminPassword = randomPassword();
        Map<String, String> environment = pb.environment();
        environment.put("POORTWACHTER_ADMIN_PASSWORD", adminPassword);
        for (String kv : Bench.splitOpts(env)) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                environment.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        Process p = Bench.track(pb.start());
        // The log goes to a file; the start line gives the port (the gateway picked a free one).
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.println(line);
                    Matcher m = STARTED.matcher(line);
                    if (!url.isDone() && m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
            url.complete(null);
        }, "gateway-log");
        pump.setDaemon(true);
        pump.start();
        String base;
        try {
            base = url.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            base = null;
        }
        if (base == null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the gateway did not start; see " + log);
        }
        return new GatewayProcess(p, base, adminPassword);
    }

    static String randomPassword() {
        StringBuilder sb = new StringBuilder("Bench-");
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    long pid() {
        return process.pid();
    }

    String baseUrl() {
        return baseUrl;
    }

    String adminPassword() {
        return adminPassword;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM: the gateway's shutdown hook closes the recorder and the audit log. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
