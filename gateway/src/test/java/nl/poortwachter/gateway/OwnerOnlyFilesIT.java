package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.testing.GatewayJvm;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 12: nothing the gateway makes is readable by other local users, whatever umask it was started with.
 * A gateway process under {@code umask 000} (which would make files 0666 and folders 0777) records a camera of the
 * simulator; afterwards every file it made (databases and their WAL, lock and identity, keys, the credential key,
 * footage, the anchor file) is 0600 and every folder 0700.
 */
class OwnerOnlyFilesIT {
    @TempDir
    Path tmp;

    @Test
    void everythingTheGatewayMadeIsTheOwnersOnlyUnderAnyUmask() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start()) {
            Path config = tmp.resolve("gateway.yaml");
            Files.writeString(config, "cameraSpecialAddresses: [loopback]\n"
                    + "recording: {segmentSeconds: 1}\n"
                    + "passthrough: {allowCameras: [poort]}\n"
                    + "audit: {anchor: {file: " + tmp.resolve("anchor-disk").resolve("checkpoints.jsonl") + "}}\n"
                    + "cameras:\n  - {id: poort, name: Poort, url: '" + sim.url(CameraSimulator.SMALL)
                    + "', username: viewer, password: Poort-Wachtwoord-1, legalRegime: avg-building-security,"
                    + " mode: passthrough}\n");
            Path storage = tmp.resolve("site").resolve("storage");
            List<String> java = GatewayJvm.command("--config", config.toString(), "--storage", storage.toString(),
                    "--port", "0");
            String line = String.join(" ", java.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "umask 000 && exec " + line)
                    .directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("gateway.out").toFile());
            pb.environment().put("POORTWACHTER_ADMIN_PASSWORD", "Umask-Test-Beheer-1");
            pb.environment().remove("POORTWACHTER_ADMIN_USER");
            pb.environment().remove("POORTWACHTER_CREDENTIAL_KEY");
            Process p = pb.start();
            try {
                Await.until(Duration.ofSeconds(60), () -> "two segment files and the start line; recorded: "
                        + footage(storage) + "; alive: " + p.isAlive() + "; output: "
                        + Files.readString(tmp.resolve("gateway.out")), () -> {
                            assertTrue(p.isAlive(), "the gateway stopped: "
                                    + Files.readString(tmp.resolve("gateway.out")));
                            return footage(storage).size() >= 2 && started(tmp.resolve("gateway.out")).find();
                        });
                // A login, so that the log has an entry and its checkpoint at shutdown goes to the anchor file.
                Matcher url = started(tmp.resolve("gateway.out"));
                assertTrue(url.find(), Files.readString(tmp.resolve("gateway.out")));
                Logins.token(new Http(url.group(1)), Logins.ADMIN, "Umask-Test-Beheer-1");
            } finally {
                p.destroy(); // SIGTERM: the gateway stops as an operator stops it, writing its last checkpoint
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            List<String> wrong = new ArrayList<>();
            int files = 0;
            for (Path root : List.of(tmp.resolve("site"), tmp.resolve("anchor-disk"))) {
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path f : all.toList()) {
                        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                        String want = Files.isDirectory(f) ? "rwx------" : "rw-------";
                        files += Files.isDirectory(f) ? 0 : 1;
                        if (!mode.equals(want)) {
                            wrong.add(tmp.relativize(f) + " " + mode);
                        }
                    }
                }
            }
            assertEquals(List.of(), wrong, "files or folders others may read");
            for (String made : List.of("site/secrets/credential.key", "site/storage/keys/audit-signing.key",
                    "site/storage/audit.db", "site/storage/auth.db", "site/storage/index.db", "site/storage/storage.id",
                    "anchor-disk/checkpoints.jsonl")) {
                assertTrue(Files.exists(tmp.resolve(made)), made + " was made, and checked above");
            }
            assertTrue(files >= 12, "files checked: " + files);
        }
    }

    private static Matcher started(Path out) throws Exception {
        return Pattern.compile("gateway started.*?url=\"?(http://[^\\s/\"]+)").matcher(Files.readString(out));
    }

    private static List<Path> footage(Path storage) throws Exception {
        Path camera = storage.resolve("poort");
        if (!Files.isDirectory(camera)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(camera)) {
            return all.filter(f -> f.toString().endsWith(".mp4")).toList();
        }
    }
}
