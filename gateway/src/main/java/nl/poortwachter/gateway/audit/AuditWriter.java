package nl.poortwachter.gateway.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.logging.Log;

/**
 * The single, ordered writer of the audit log. Callers hand in entries and get a future that completes once the
 * entry is committed to disk; the thread takes whatever has queued up meanwhile and commits it in one transaction
 * (group commit): one fsync for many entries, which is how thousands of durable entries a second are possible.
 * Sequence numbers and chain hashes are given here, in commit order, so there is one chain and no gaps; in a
 * cluster every node's writer seals its batch after the newest entry inside the append's transaction, under a lock
 * all of them take (D71), so the cluster still has one chain.
 *
 * <p>Every {@code checkpointEvery} entries or {@code checkpointInterval} (whichever comes first, and at close),
 * the writer signs a {@link Checkpoint} of the newest entry, logs it on stdout and sends it to the configured
 * {@link Anchors} (syslog, a file on other storage), so that copies exist outside the database: whoever truncates or
 * rewrites the database cannot also take back the journal line or the collector's copy.
 *
 * <p>The chain goes on where {@link LogIntegrity} says (after a cut tail: after the checkpoint that vouches for it,
 * never reusing a sequence number). While a {@link LogAlarm} stands, only logins and the alarm's acknowledgement are
 * written; everything else fails with {@link AuditUnavailableException} (503).
 */
public final class AuditWriter implements AutoCloseable {
    private static final Log LOG = Log.of(AuditWriter.class);
    private static final int MAX_BATCH = 4096;

    /** @param processing the entry's processing-log lines, written in the same commit (none for most entries) */
    private record Pending(AuditEntry entry, List<ProcessingRecord> processing, CompletableFuture<AuditEntry> done) {
    }

    private final AuditStore store;
    private final SigningKey key;
    private final Clock clock;
    private final int checkpointEvery;
    private final long checkpointIntervalMillis;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Canonical canonical = new Canonical();
    private final Thread thread;
    private final Anchors anchors;
    private volatile boolean running = true;
    private volatile LogAlarm alarm;
    private boolean keyRegistered;

    private volatile long lastSeq;
    private byte[] lastHash;
    private volatile long lastCheckpointSeq;
    private volatile long lastCheckpointMillis;
    /** When the newest stored checkpoint was signed (0: none yet). */
    private volatile long newestCheckpointMillis;
    /** When a write last failed, 0 after the next write that succeeded: the health page's "audit log" line. */
    private volatile long lastFailureMillis;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** A writer that looks at the log itself (no anchor outside the box), as tools and tests use it. */
    public AuditWriter(AuditStore store, SigningKey key, Clock clock, int checkpointEvery, Duration checkpointInterval) {
        this(store, key, clock, checkpointEvery, checkpointInterval,
                LogIntegrity.inspect(store, KeyRing.of(store, key.publicKey()), Optional.empty()), List.of(),
                Anchors.NONE);
    }

    /**
     * The writer of a log as the gateway starts it: the key decided by {@link KeyCustody} (made only for a new log,
     * else an alarm), the log inspected by {@link LogIntegrity} against its newest checkpoint and the anchor's.
     *
     * @param anchored the newest checkpoint of the anchor file outside the box, if any
     */
    public static AuditWriter start(AuditStore store, Path keyDir, Clock clock, int checkpointEvery,
                                    Duration checkpointInterval, Optional<Checkpoint> anchored, Anchors anchors)
            throws IOException {
        KeyCustody custody = KeyCustody.open(keyDir, store);
        LogIntegrity start = LogIntegrity.inspect(store, KeyRing.of(store, custody.key().publicKey()), anchored);
        return new AuditWriter(store, custody.key(), clock, checkpointEvery, checkpointInterval, start,
                custody.problems(), anchors);
    }

    /**
     * @param start       where the chain goes on and what is wrong with the log ({@link LogIntegrity})
     * @param keyProblems what {@link KeyCustody} found wrong with the key
     * @param anchors     where each checkpoint is also sent, outside the box
     */
    public AuditWriter(AuditStore store, SigningKey key, Clock clock, int checkpointEvery, Duration checkpointInterval,
                       LogIntegrity start, List<LogAlarm.Problem> keyProblems, Anchors anchors) {
        this.store = store;
        this.key = key;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.checkpointIntervalMillis = checkpointInterval.toMillis();
        this.anchors = anchors;
        this.lastSeq = start.seq();
        this.lastHash = start.hash();
        List<Checkpoint> cps = store.checkpoints();
        this.lastCheckpointSeq = cps.isEmpty() ? 0 : Math.min(lastSeq, cps.get(cps.size() - 1).seq());
        this.lastCheckpointMillis = clock.millis();
        this.newestCheckpointMillis = cps.isEmpty() ? 0 : cps.get(cps.size() - 1).timeMillis();
        List<LogAlarm.Problem> found = new ArrayList<>(start.found());
        found.addAll(keyProblems);
        List<LogAlarm.Problem> all = new ArrayList<>(start.standing());
        all.addAll(found);
        if (!all.isEmpty()) {
            this.alarm = new LogAlarm(all, clock.millis());
            // Loud: the operator's log, /health, the audit_log_alarm metric, and an entry in the chain for each finding.
            LOG.error("audit log alarm: the log records nothing but logins until an administrator acknowledges it"
                    + " (POST /api/v1/audit/alarm/acknowledge)", "alarm", alarm.summary());
            for (LogAlarm.Problem p : found) {
                queue.add(new Pending(LogEvents.alarm(clock.millis(), p), List.of(), new CompletableFuture<>()));
            }
        }
        this.thread = new Thread(this::run, "audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues an entry (its seq and hash are ignored and given by the writer) with its processing-log lines.
     * @return completes with the sealed entry once it is on disk; fails if it could not be written
     */
    public CompletableFuture<AuditEntry> append(AuditEntry entry, List<ProcessingRecord> processing) {
        CompletableFuture<AuditEntry> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the audit log is closed"));
            return done;
        }
        LogAlarm standing = alarm;
        if (standing != null && entry.seq() != -1 && !LogEvents.allowedDuringAlarm(entry.action())) {
            done.completeExceptionally(new AuditUnavailableException(new LogAlarmException(standing)));
            return done;
        }
        try {
            // Blocks only when 100,000 entries wait: then the disk cannot keep up, and slowing callers is right.
            queue.put(new Pending(entry, List.copyOf(processing), done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Signs a checkpoint of the newest entry now (if there is anything new); completes when it is stored. */
    public CompletableFuture<Void> checkpointNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AuditEntry marker = new AuditEntry(-1, 0, null, null, null, "", null, null, null, null, "", null, null,
                null, null, null, null, null);
        append(marker, List.of()).whenComplete((e, t) -> {
            if (t != null) {
                done.completeExceptionally(t);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** How the log is doing, for the health page: what is sealed and signed, whether writing fails now. */
    public record Status(long lastSeq, long lastCheckpointSeq, long lastCheckpointMillis, long failingSinceMillis,
                         int queued) {
        public boolean writable() {
            return failingSinceMillis == 0;
        }
    }

    public Status status() {
        return new Status(lastSeq, lastCheckpointSeq, newestCheckpointMillis, lastFailureMillis, queue.size());
    }

    /** The key this writer signs checkpoints with. */
    public SigningKey key() {
        return key;
    }

    /** The alarm that stands, or null. */
    public LogAlarm alarm() {
        return alarm;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (running || !queue.isEmpty()) {
                Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                    batch.clear();
                }
                if (lastSeq > lastCheckpointSeq && (lastSeq - lastCheckpointSeq >= checkpointEvery
                        || clock.millis() - lastCheckpointMillis >= checkpointIntervalMillis)) {
                    checkpoint();
                }
            }
            if (lastSeq > lastCheckpointSeq) {
                checkpoint();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Pending p;
            while ((p = queue.poll()) != null) {
                p.done().completeExceptionally(new IllegalStateException("the audit log is closed"));
            }
            stopped.complete(null);
        }
    }

    private void write(List<Pending> batch) {
        List<ProcessingRecord> processing = new ArrayList<>();
        boolean wantCheckpoint = false;
        for (Pending p : batch) {
            if (p.entry().seq() == -1) {
                wantCheckpoint = true;
            } else {
                processing.addAll(p.processing());
            }
        }
        // Sealed inside the store's transaction, after the later of the chain's newest entry as the database has it
        // (in a cluster another node may have appended since our last batch, D71) and where this writer goes on (after
        // a cut tail: past the checkpoint that vouches for it, so that no sequence number is used twice, D48).
        // sealed.get(i) belongs to batch.get(i).
        List<AuditEntry> sealed = new ArrayList<>(batch.size());
        long[] tail = new long[1];
        byte[][] tailHash = new byte[1][];
        try {
            store.append((storedSeq, storedHash) -> {
                sealed.clear();
                long seq = Math.max(storedSeq, lastSeq);
                byte[] hash = storedSeq >= lastSeq ? storedHash : lastHash;
                for (Pending p : batch) {
                    if (p.entry().seq() == -1) {
                        sealed.add(null);
                        continue;
                    }
                    seq++;
                    AuditEntry numbered = p.entry().sealed(seq, null);
                    hash = canonical.chain(hash, numbered);
                    sealed.add(numbered.sealed(seq, Canonical.hex(hash)));
                }
                tail[0] = seq;
                tailHash[0] = hash;
                return sealed.stream().filter(e -> e != null).toList();
            }, processing);
        } catch (Exception e) {
            LOG.error("audit entries could not be written; the actions they record are refused", e,
                    "entries", batch.size());
            for (Pending p : batch) {
                p.done().completeExceptionally(new AuditUnavailableException(e));
            }
            if (lastFailureMillis == 0) {
                lastFailureMillis = clock.millis();
            }
            return;
        }
        lastFailureMillis = 0;
        lastSeq = tail[0];
        lastHash = tailHash[0];
        if (alarm != null && sealed.stream().anyMatch(e -> e != null && e.action().equals(LogEvents.ACKNOWLEDGE))) {
            LOG.warn("audit log alarm acknowledged: the log records again", "alarm", alarm.summary());
            alarm = null;
        }
        if (wantCheckpoint && lastSeq > lastCheckpointSeq) {
            checkpoint();
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(sealed.get(i));
        }
    }

    private void checkpoint() {
        long now = clock.millis();
        String hashHex = Canonical.hex(lastHash);
        Checkpoint c = new Checkpoint(lastSeq, hashHex, now, key.keyId(), key.sign(Checkpoint.message(lastSeq, hashHex, now)));
        try {
            if (!keyRegistered) {
                // The key is written with its first checkpoint: from then on it is this log's, also after a restart.
                store.addSigningKey(new AuditStore.StoredKey(key.keyId(), key.fingerprint(),
                        java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded()), now));
                keyRegistered = true;
            }
            store.addCheckpoint(c);
            lastCheckpointSeq = lastSeq;
            lastCheckpointMillis = now;
            newestCheckpointMillis = now;
            LOG.info("audit checkpoint", "seq", c.seq(), "hash", c.hash(), "time", c.timeMillis(), "key", c.keyId(),
                    "signature", c.signature());
            anchors.send(c);
        } catch (Exception e) {
            LOG.error("audit checkpoint could not be stored", e, "seq", lastSeq);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            stopped.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("audit writer did not stop in time", e);
        }
        // After the last checkpoint: it must reach the anchors too.
        anchors.close();
    }
}
