package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import nl.poortwachter.gateway.check.CheckCommand;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway check} on a storage folder a gateway really recorded into (the simulator), and on copies of it
 * broken the ways disks and people break them: each problem is named, one line each, and nothing else is.
 */
class CheckCommandIT {
    @TempDir
    static Path tmp;
    static Path recorded;
    static List<String> whileRunning;
    static int exitWhileRunning;

    @BeforeAll
    static void record() throws Exception {
        recorded = tmp.resolve("recorded");
        try (CameraSimulator sim = CameraSimulator.start(); Gateway gateway = Gateway.start(config(recorded))) {
            Http integrator = Logins.user(new Http(gateway.baseUrl()), "integrator", "integrator", List.of());
            assertEquals(201, integrator.post("/api/v1/cameras",
                    TestGateway.recordingCamera("gate", sim.url(CameraSimulator.SMALL))).statusCode());
            Await.until(Duration.ofSeconds(40), () -> "footage recorded; simulator: " + sim.stderr(),
                    () -> completeSegments(integrator) >= 3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exitWhileRunning = CheckCommand.run(config(recorded), new PrintStream(out, true, StandardCharsets.UTF_8));
            whileRunning = out.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    static GatewayConfig config(Path dir) throws Exception {
        return new ConfigLoader(Logins.ENV, dir).parse(TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                + Logins.FAST_AUTH, "test.yaml", null, new Overrides(0, dir.resolve("storage"), null));
    }

    static int completeSegments(Http integrator) throws Exception {
        int n = 0;
        for (JsonNode s : Http.json(integrator.get("/api/v1/cameras/gate/recordings")).path("segments")) {
            n += s.path("complete").asBoolean() ? 1 : 0;
        }
        return n;
    }

    record Outcome(int exit, List<String> lines) {
        List<String> problems() {
            return lines.subList(0, lines.size() - 1);
        }

        String summary() {
            return lines.get(lines.size() - 1);
        }
    }

    static Outcome check(Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.run(config(dir), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** A copy of the recorded folder (the gateway has stopped: its WAL files were checkpointed away). */
    static Path copy(String name) throws Exception {
        Path target = tmp.resolve(name);
        Path from = recorded.resolve("storage");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve("storage").resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    record Segment(long id, String path, long bytes) {
        Path file(Path dir) {
            return dir.resolve("storage").resolve(path);
        }
    }

    static Segment segment(Path dir, int nth) throws Exception {
        Path index = dir.resolve("storage").resolve("index.db");
        String where = " FROM segment WHERE complete = 1 ORDER BY id LIMIT 1 OFFSET " + nth;
        return new Segment(SqliteFiles.number(index, "SELECT id" + where), SqliteFiles.text(index, "SELECT path" + where),
                SqliteFiles.number(index, "SELECT bytes" + where));
    }

    @Test
    void aRunningGatewaysFolderIsNotChecked() {
        assertEquals(CheckCommand.EXIT_PROBLEMS, exitWhileRunning);
        assertEquals(2, whileRunning.size(), whileRunning.toString());
        assertTrue(whileRunning.get(0).startsWith("storage folder " + recorded.resolve("storage")
                + " is in use by another gateway (pid " + ProcessHandle.current().pid()), whileRunning.get(0));
        assertEquals("check: 1 problem", whileRunning.get(1));
    }

    @Test
    void theRecordedFolderIsWellAndSoIsEveryFileInIt() throws Exception {
        Outcome o = check(recorded);
        assertEquals(List.of(), o.problems());
        assertEquals(CheckCommand.EXIT_OK, o.exit());
        long segments = SqliteFiles.number(recorded.resolve("storage").resolve("index.db"), "SELECT COUNT(*) FROM segment");
        assertTrue(segments >= 3, o.summary());
        assertTrue(o.summary().matches("check: all is well \\(" + segments + " segments, " + segments
                + " segment files, [1-9][0-9]* audit entries\\)"), o.summary());
    }

    @Test
    void throughMainAsTheDistScriptRunsIt() throws Exception {
        Path yaml = tmp.resolve("gateway.yaml");
        Files.writeString(yaml, "recording:\n  segmentSeconds: 2\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // src/dist/run check → Main --config config/gateway.yaml check [more flags]
            exit = Main.run(new String[] {"--config", yaml.toString(), "check", "--storage",
                    recorded.resolve("storage").toString()});
        } finally {
            System.setOut(original);
        }
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("check: all is well ("), out.toString());
    }

    @Test
    void aDeletedFileIsNamed() throws Exception {
        Path dir = copy("deleted");
        Segment s = segment(dir, 1);
        Files.delete(s.file(dir));
        Outcome o = check(dir);
        assertEquals(List.of("segment " + s.id() + " " + s.path() + ": file is missing"), o.problems());
        assertEquals(CheckCommand.EXIT_PROBLEMS, o.exit());
        assertEquals("check: 1 problem", o.summary());
    }

    @Test
    void aTruncatedFileIsNamedWithItsSeekPointsPastTheEnd() throws Exception {
        Path dir = copy("truncated");
        Segment s = segment(dir, 0);
        long half = s.bytes() / 2;
        try (FileChannel ch = FileChannel.open(s.file(dir), StandardOpenOption.WRITE)) {
            ch.truncate(half);
        }
        Outcome o = check(dir);
        assertEquals(List.of("segment " + s.id() + " " + s.path() + ": file has " + half + " bytes, the index says "
                        + s.bytes(),
                "segment " + s.id() + " " + s.path() + ": a seek point ends at byte " + s.bytes()
                        + ", past the end of the file (" + half + " bytes)"), o.problems());
        assertEquals(CheckCommand.EXIT_PROBLEMS, o.exit());
    }

    @Test
    void anExtraFileIsNamed() throws Exception {
        Path dir = copy("extra");
        Segment s = segment(dir, 0);
        Path extra = s.file(dir).resolveSibling("20990101T000000.000Z.mp4");
        Files.copy(s.file(dir), extra);
        Outcome o = check(dir);
        String relative = dir.resolve("storage").relativize(extra).toString();
        assertEquals(List.of("file " + relative + ": in a camera's folder, but not in the index"), o.problems());
    }

    @Test
    void databasesOfAnotherFolderAreNamed() throws Exception {
        Path dir = copy("swapped");
        Path idFile = dir.resolve("storage").resolve("storage.id");
        String original = Files.readString(idFile).strip();
        String other = UUID.randomUUID().toString();
        Files.writeString(idFile, other + "\n");
        Outcome o = check(dir);
        assertEquals(3, o.problems().size(), o.problems().toString());
        for (String db : List.of("index", "audit", "user")) {
            Path file = dir.resolve("storage").resolve(switch (db) {
                case "index" -> "index.db";
                case "audit" -> "audit.db";
                default -> "auth.db";
            });
            assertTrue(o.problems().stream().anyMatch(l -> l.startsWith(db + " database " + file + " belongs to "
                    + "storage folder " + original + ", not to this storage folder (" + other + ")")), o.problems().toString());
        }
    }

    @Test
    void anEditedAuditEntryAndAnUnfinishedSegmentAreNamed() throws Exception {
        Path dir = copy("tampered");
        Path audit = dir.resolve("storage").resolve("audit.db");
        SqliteFiles.execute(audit, "DROP TRIGGER audit_entry_no_update",
                "UPDATE audit_entry SET object_id = 'elsewhere' WHERE seq = 2");
        Segment s = segment(dir, 0);
        SqliteFiles.execute(dir.resolve("storage").resolve("index.db"), "UPDATE segment SET complete = 0 WHERE id = " + s.id());
        Outcome o = check(dir);
        assertEquals(List.of("segment " + s.id() + " " + s.path() + ": unfinished (written when the gateway stopped); "
                        + "the next start repairs it",
                "audit database " + audit + ": the chain fails at entry 2: entry 2 does not match its hash: it was "
                        + "changed, or an earlier entry was removed or moved here"), o.problems());
    }
}
