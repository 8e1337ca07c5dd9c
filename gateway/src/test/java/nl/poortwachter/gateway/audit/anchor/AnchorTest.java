package nl.poortwachter.gateway.audit.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.Actor;
import nl.poortwachter.gateway.audit.Anchors;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.AuditWriter;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.gateway.audit.LogAlarm;
import nl.poortwachter.gateway.audit.Origin;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.audit.TraceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints anchored outside the box (issue 10 item 6): each one reaches a real syslog listener in this test, over
 * UDP and over TCP, as an RFC 5424 message, and is appended to a file on "other storage"; a copy of that file catches
 * a full rewrite of the log on the box (entries, checkpoints and key), offline with {@link VerifyAudit}, and a tail
 * cut together with its stored checkpoints at the next start.
 */
class AnchorTest {
    /** {@code <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG}, RFC 5424 section 6. */
    private static final Pattern RFC5424 = Pattern.compile(
            "<109>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) gw-test poortwachter (\\d+) audit-checkpoint - (\\{.*\\})");

    @TempDir
    Path dir;

    private static AuditContext ctx() {
        return new AuditContext(new Actor("id-ina", "ina", "integrator"), new Origin("192.0.2.7", "T/1"),
                TraceContext.root());
    }

    /** A log in {@code dir} as the gateway starts it, with the given anchors. */
    private final class Log implements AutoCloseable {
        final AuditStore store = new AuditStore(dir.resolve("audit.db"));
        final AuditWriter writer;
        final AuditLog log;

        Log(Optional<Checkpoint> anchored, Anchors anchors) throws Exception {
            writer = AuditWriter.start(store, dir.resolve("keys"), Clock.systemUTC(), 1000, Duration.ofHours(1),
                    anchored, anchors);
            log = new AuditLog(writer, Clock.systemUTC(), r -> "urn:test:" + r, Map.of("name", "t", "version", "t"));
        }

        Checkpoint entriesAndCheckpoint(int n) throws Exception {
            for (int i = 0; i < n; i++) {
                log.camera(ctx(), "camera.update", "cam-" + i, AuditLog.OK, null).get();
            }
            log.checkpointNow().get();
            List<Checkpoint> all = store.checkpoints();
            return all.get(all.size() - 1);
        }

        @Override
        public void close() {
            writer.close();
            store.close();
        }
    }

    private static void assertSyslogMessage(String message, Checkpoint expected) {
        Matcher m = RFC5424.matcher(message);
        assertTrue(m.matches(), "not the RFC 5424 message expected: " + message);
        assertEquals(ProcessHandle.current().pid(), Long.parseLong(m.group(2)));
        assertEquals(Optional.of(expected), AnchorCopy.parse(m.group(3)));
    }

    @Test
    void eachCheckpointReachesASyslogCollectorOverUdp() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(20_000);
            Anchors anchors = AnchorDelivery.of(null, "127.0.0.1", collector.getLocalPort(), false, "gw-test",
                    new SimpleMeterRegistry());
            try (Log l = new Log(Optional.empty(), anchors)) {
                Checkpoint c = l.entriesAndCheckpoint(3);
                DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                collector.receive(p);
                assertSyslogMessage(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8), c);
            }
        }
    }

    @Test
    void eachCheckpointReachesASyslogCollectorOverTcpWithOctetCounting() throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        try (ServerSocket collector = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (Socket s = collector.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                    while (true) {
                        StringBuilder length = new StringBuilder();
                        for (int b = in.read(); b != ' '; b = in.read()) {
                            if (b < 0) {
                                return;
                            }
                            length.append((char) b);
                        }
                        byte[] frame = new byte[Integer.parseInt(length.toString())];
                        in.readFully(frame);
                        received.add(new String(frame, StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    // the test ends the connection
                }
            });
            reader.setDaemon(true);
            reader.start();
            Anchors anchors = AnchorDelivery.of(null, "127.0.0.1", collector.getLocalPort(), true, "gw-test",
                    new SimpleMeterRegistry());
            try (Log l = new Log(Optional.empty(), anchors)) {
                Checkpoint first = l.entriesAndCheckpoint(2);
                String m1 = received.poll(20, TimeUnit.SECONDS);
                assertNotNull(m1, "no message within 20 s");
                assertSyslogMessage(m1, first);
                Checkpoint second = l.entriesAndCheckpoint(2);
                String m2 = received.poll(20, TimeUnit.SECONDS);
                assertNotNull(m2, "the second checkpoint over the same connection");
                assertSyslogMessage(m2, second);
            }
        }
    }

    @Test
    void theAnchorFileCatchesAFullRewriteOnTheBox() throws Exception {
        Path anchor = dir.resolve("other-disk").resolve("checkpoints.jsonl");
        Path publicKey = dir.resolve("auditor-kept.pub");
        try (Log l = new Log(Optional.empty(), AnchorDelivery.of(anchor, null, 514, false, "gw-test",
                new SimpleMeterRegistry()))) {
            l.entriesAndCheckpoint(5);
            l.entriesAndCheckpoint(5);
            Files.writeString(publicKey, l.writer.key().publicKeyPem());
        }
        List<Checkpoint> copied = AnchorCopy.read(anchor);
        assertEquals(List.of(5L, 10L), copied.stream().map(Checkpoint::seq).toList(), "both, in order, on disk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(anchor)));
        assertEquals(0, verifyAudit("--audit-db", dir.resolve("audit.db").toString(), "--anchor", anchor.toString(),
                "--public-key", publicKey.toString()), "intact: verified");

        // Whoever has the box rewrites it all: entry 3 edited, the chain recomputed, checkpoints and key their own.
        rewriteEverything(dir.resolve("audit.db"), dir.resolve("keys"));
        String out = verifyAuditOutput("--audit-db", dir.resolve("audit.db").toString(), "--anchor", anchor.toString(),
                "--public-key", publicKey.toString());
        assertTrue(out.contains("NOT VERIFIED"), out);
        assertTrue(out.contains("problem at entry 1:") && out.contains("differs from a checkpoint"), out);
    }

    @Test
    void aTailCutWithItsStoredCheckpointsIsCaughtAtStartFromTheAnchorFile() throws Exception {
        Path anchor = dir.resolve("other-disk").resolve("checkpoints.jsonl");
        try (Log l = new Log(Optional.empty(), AnchorDelivery.of(anchor, null, 514, false, "gw-test",
                new SimpleMeterRegistry()))) {
            l.entriesAndCheckpoint(6);
        }
        RewriteTool.sql(dir.resolve("audit.db"), "DELETE FROM audit_entry WHERE seq > 4", "DELETE FROM checkpoint");
        try (Log l = new Log(AnchorCopy.newest(anchor), Anchors.NONE)) {
            LogAlarm alarm = l.writer.alarm();
            assertNotNull(alarm, "the box alone looks whole; the anchor says otherwise");
            assertEquals(LogAlarm.CUT, alarm.problems().get(0).kind());
            assertTrue(alarm.summary().contains("in the anchor outside the box") && alarm.summary().contains("5 to 6"),
                    alarm.summary());
        }
    }

    private void rewriteEverything(Path db, Path keys) throws Exception {
        SigningKey theirs = SigningKey.create(dir.resolve("attacker"));
        RewriteTool.rewrite(db, 3, theirs);
        for (String f : List.of(SigningKey.PRIVATE_FILE, SigningKey.PUBLIC_FILE)) {
            Files.copy(dir.resolve("attacker").resolve(f), keys.resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int verifyAudit(String... args) {
        return VerifyAudit.run(args, new PrintStream(new ByteArrayOutputStream()), System.err);
    }

    private static String verifyAuditOutput(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerifyAudit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }
}
