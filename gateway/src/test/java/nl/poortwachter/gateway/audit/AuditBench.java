package nl.poortwachter.gateway.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark of the audit log (docs/benchmarks.md): durable append throughput with group commit, and verification of
 * a million entries. Not a test: run it by hand on an otherwise idle machine.
 *
 * <pre>
 *   mvn -q -B install -DskipTests -pl recorder,gateway &amp;&amp; mvn -q -B test-compile -pl gateway
 *   java -cp "gateway/target/test-classes:gateway/target/classes:gateway/target/lib/*" \
 *        nl.poortwachter.gateway.audit.AuditBench /tmp/audit-bench [producers] [entries] [verifyEntries]
 * </pre>
 * Producers each append one entry and wait until it is on disk before the next, as request handlers do.
 */
public final class AuditBench {
    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/audit-bench");
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int entries = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int verifyEntries = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        // Checkpoints are logged at INFO; a benchmark makes hundreds of them.
        java.util.logging.Logger.getLogger("nl.poortwachter.gateway.audit").setLevel(java.util.logging.Level.WARNING);
        deleteTree(dir);
        Files.createDirectories(dir);

        try (AuditStore store = new AuditStore(dir.resolve("audit.db"))) {
            SigningKey key = SigningKey.loadOrCreate(dir.resolve("keys"));
            AuditWriter writer = new AuditWriter(store, key, Clock.systemUTC(), 10_000, Duration.ofSeconds(60));
            AuditLog log = new AuditLog(writer, Clock.systemUTC(), r -> "urn:bench:" + r, Map.of("name", "bench", "version", "1"));
            AuditContext ctx = new AuditContext(new Actor("u1", "operator-1", "operator"),
                    new Origin("192.0.2.10", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156"), TraceContext.root());

            // Warm-up, then the measured run: every entry waited for until durable (synchronous=FULL, fsync).
            run(log, ctx, producers, 20_000);
            long t0 = System.nanoTime();
            run(log, ctx, producers, entries);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("append: %d entries, %d producers, %.2f s, %.0f entries/s (durable, group commit)%n",
                    entries, producers, seconds, entries / seconds);

            // Fill up to verifyEntries, then verify the whole chain.
            long have = writer.lastSeq();
            if (have < verifyEntries) {
                run(log, ctx, producers, (int) (verifyEntries - have));
            }
            log.checkpointNow().get();
            writer.close();
            ChainVerifier verifier = new ChainVerifier(store, key.publicKey());
            verifier.verify(null); // warm-up: JIT and page cache
            long v0 = System.nanoTime();
            VerifyReport report = verifier.verify(null);
            double vs = (System.nanoTime() - v0) / 1e9;
            System.out.printf("verify: %d entries, ok=%s, %.2f s (%.0f entries/s); file %d MB%n", report.entries(),
                    report.ok(), vs, report.entries() / vs, Files.size(dir.resolve("audit.db")) / 1_000_000);
        }
    }

    private static void run(AuditLog log, AuditContext ctx, int producers, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        AtomicLong left = new AtomicLong(total);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            done.add(CompletableFuture.runAsync(() -> {
                while (left.getAndDecrement() > 0) {
                    log.camera(ctx, "camera.update", "stationsplein-noord", AuditLog.OK, "regime=gemeentewet-151c").join();
                }
            }, pool));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
