package nl.poortwachter.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution Maven builds (gateway/target/poortwachter-VERSION.tar.gz) as an operator installs it: the launcher,
 * every jar, the configuration and the hardened systemd unit are in it, and the unpacked launcher runs the gateway
 * (its help, and a real start that answers /health with storage under the working directory).
 */
class DistributionIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void theArchiveHoldsWhatAnInstallNeedsAndItsLauncherRunsTheGateway() throws Exception {
        Path root = ProjectFiles.root();
        Path archive;
        try (Stream<Path> files = Files.list(root.resolve("gateway/target"))) {
            archive = files.filter(p -> p.getFileName().toString().matches("poortwachter-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution archive in gateway/target (mvn package)"));
        }
        exec(List.of("tar", "-xzf", archive.toString(), "-C", tmp.toString()), tmp, 60);
        Path home;
        try (Stream<Path> dirs = Files.list(tmp)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(home.getFileName().toString().startsWith("poortwachter-"), home.toString());
        Path launcher = home.resolve("bin/poortwachter");
        assertTrue(Files.isExecutable(launcher), "bin/poortwachter is executable");
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).toList();
        }
        for (String prefix : List.of("gateway-", "recorder-", "media-", "vertx-core-", "sqlite-jdbc-", "javacv-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix) && j.endsWith(".jar")), prefix + " in " + jars);
        }
        assertTrue(jars.stream().anyMatch(j -> j.matches("ffmpeg-.*-linux-x86_64-gpl\\.jar")), "FFmpeg's natives: " + jars);
        assertEquals(Files.readString(root.resolve("config/gateway.yaml")), Files.readString(home.resolve("config/gateway.yaml")));
        assertTrue(Files.exists(home.resolve("docs/operator-guide.md")));
        List<String> unit = Files.readAllLines(home.resolve("systemd/poortwachter.service"));
        for (String line : List.of("User=poortwachter", "ExecStart=/opt/poortwachter/bin/poortwachter",
                "WorkingDirectory=/var/lib/poortwachter", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/poortwachter", "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=",
                "RestartPreventExitStatus=2", "WantedBy=multi-user.target")) {
            assertTrue(unit.contains(line), "the unit has " + line);
        }

        String help = exec(List.of(launcher.toString(), "--help"), tmp, 60);
        assertTrue(help.startsWith("usage: gateway"), help);
        assertTrue(help.contains("reset-admin-password"), help);

        // A real start from the unpacked archive: storage ./data of the working directory, /health answers.
        int port = CameraSimulator.freePort();
        Path work = Files.createDirectories(tmp.resolve("var"));
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  host: 127.0.0.1\n  port: " + port + "\nauth:\n  passwordHashIterations: 10000\n");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--config", config.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("out.log").toFile());
        pb.environment().put("JAVA", JAVA);
        pb.environment().put("POORTWACHTER_ADMIN_PASSWORD", "Dist-Beheer-Wachtwoord-1");
        pb.environment().remove("POORTWACHTER_CONFIG");
        Process gateway = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Await.until(Duration.ofSeconds(90), () -> "healthy: " + Files.readString(work.resolve("out.log")), () -> {
                if (!gateway.isAlive()) {
                    throw new AssertionError("the gateway exited: " + Files.readString(work.resolve("out.log")));
                }
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            });
            assertTrue(Files.exists(work.resolve("data/index.db")), "storage under the working directory");
        } finally {
            gateway.toHandle().destroy();
            gateway.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(Files.readString(work.resolve("out.log")).contains("gateway stopped"), "a clean stop on SIGTERM");
    }

    private static String exec(List<String> cmd, Path dir, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", JAVA);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished: " + cmd);
        assertEquals(0, p.exitValue(), cmd + ": " + out);
        return out;
    }
}
