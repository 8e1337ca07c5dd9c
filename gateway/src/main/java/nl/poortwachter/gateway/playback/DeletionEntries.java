package nl.poortwachter.gateway.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditQuery;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.recorder.Archive;
import nl.poortwachter.recorder.export.ExpiredExport;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.logging.Log;

/**
 * The {@code retention.delete} audit entry of every deletion the recorder makes by itself (a purge, an expired
 * export copy), written once. A deletion does not wait for the audit log (the storage reserve must free space
 * while it is down), so the index keeps which deletions still owe their entry ({@link Archive#unauditedPurges},
 * {@link Archive#unauditedExpiries}). This writes those entries, waits until each is durable and only then marks
 * the deletion audited: an entry lost to an audit outage, or to a crash before it was committed, is written later,
 * with the time of the deletion.
 *
 * <p>Rounds run on one thread of their own (never a Vert.x event loop: they wait for the disk): at start-up, soon
 * after a deletion ({@link #soon}), every {@link #INTERVAL}, and after a failed write again in growing steps from
 * one second, so that the entries follow soon after an outage ends. One writing thread is what keeps two rounds
 * from writing the same entry; the mark is set only where it is not set yet besides. A crash after an entry became
 * durable and before its mark would leave the deletion listed as owing it: so before writing, the log is searched
 * for the entry (its time is the deletion's, so that is one indexed look-up).
 */
public final class DeletionEntries implements AutoCloseable {
    private static final Log LOG = Log.of(DeletionEntries.class);
    /** Rounds when nothing prompts one: a backstop, the deletions themselves prompt theirs. */
    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final int BATCH = 100;

    /**
     * A deletion whose entry is owed, of either kind.
     *
     * @param key    names the deletion, first in the entry's detail: {@code purge_id=7}, {@code export_id=ab12}
     * @param facts  the rest of the detail
     * @param marker marks it audited; false when it was marked already
     */
    private record Owed(String cameraId, Instant from, Instant to, Instant deletedAt, String key, String facts,
                        BooleanSupplier marker) {
        String detail() {
            return key + " " + facts;
        }
    }

    private final Archive archive;
    private final AuditLog audit;
    private final AuditStore log;
    private final Function<String, String> regimeOf;
    private final ScheduledExecutorService thread;
    /** The next round planned and not started yet, or null. */
    private ScheduledFuture<?> next;
    /** Wait before the next try after a failed round; touched only by the rounds' thread. */
    private Duration retry = FIRST_RETRY;

    /**
     * @param log      the audit log's store, searched for entries a crash kept from being marked
     * @param regimeOf a camera's legal regime, or null when the camera is no longer configured
     */
    public DeletionEntries(Archive archive, AuditLog audit, AuditStore log, Function<String, String> regimeOf) {
        this.archive = archive;
        this.audit = audit;
        this.log = log;
        this.regimeOf = regimeOf;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "deletion-audit");
            th.setDaemon(true);
            return th;
        });
        // Closing drops the planned rounds at once instead of waiting for their time to come.
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = t;
    }

    /** The first round at once: it writes what a crash or an outage before this start left owed. */
    public void start() {
        soon();
    }

    /** A deletion happened: a round now rather than at the next interval. Never blocks. */
    public void soon() {
        roundIn(Duration.ZERO);
    }

    private synchronized void roundIn(Duration delay) {
        if (thread.isShutdown()) {
            return;
        }
        if (next != null) {
            if (next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return; // a round comes at least as soon
            }
            next.cancel(false);
        }
        next = thread.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        synchronized (this) {
            // From here a deletion is either listed by this round or prompts one after it.
            next = null;
        }
        try {
            writeOwed(() -> archive.unauditedPurges(BATCH).stream().map(this::owed).toList());
            writeOwed(() -> archive.unauditedExpiries(BATCH).stream().map(this::owed).toList());
            retry = FIRST_RETRY;
            roundIn(INTERVAL);
        } catch (RuntimeException e) {
            LOG.warn("deletion entries not written to the audit log yet; the deletions stay owing them",
                    "retryInSeconds", retry.toSeconds(), "error", e.getMessage());
            roundIn(retry);
            Duration doubled = retry.multipliedBy(2);
            retry = doubled.compareTo(INTERVAL) < 0 ? doubled : INTERVAL;
        }
    }

    /** Oldest first; stops at the first entry that cannot be made durable (throws): the rest wait for a next round. */
    private void writeOwed(Supplier<List<Owed>> owedNow) {
        List<Owed> owed;
        do {
            owed = owedNow.get();
            for (Owed o : owed) {
                if (thread.isShutdown()) {
                    return; // closing: the rest stays owed, for the next start
                }
                if (!inLogAlready(o)) {
                    Durable.await(audit.retentionDeleted(o.cameraId(), regimeOf.apply(o.cameraId()), o.from(), o.to(),
                            o.deletedAt(), o.detail()));
                }
                if (!o.marker().getAsBoolean()) {
                    // Only this thread writes these entries, so this means a second gateway on the same index.
                    LOG.error("deletion was marked audited by someone else: its entry may be in the log twice",
                            "deletion", o.key());
                }
            }
        } while (owed.size() == BATCH);
    }

    private boolean inLogAlready(Owed o) {
        long at = o.deletedAt().toEpochMilli();
        String prefix = o.key() + " ";
        return log.query(new AuditQuery(null, o.cameraId(), AuditLog.RETENTION_DELETE, null, at, at + 1, null,
                BATCH, true)).stream().anyMatch(e -> e.detail() != null && e.detail().startsWith(prefix));
    }

    private Owed owed(PurgeRecord p) {
        return new Owed(p.cameraId(), p.from(), p.to(), p.finishedAt(), "purge_id=" + p.id(),
                "policy=" + p.policy() + " files=" + p.files() + " bytes=" + p.bytes() + " state=" + p.state()
                        + " rule=\"" + p.detail() + "\"", () -> archive.markPurgeAudited(p.id()));
    }

    private Owed owed(ExpiredExport x) {
        ExportRecord e = x.export();
        return new Owed(e.cameraId(), e.from(), e.to(), x.expiredAt(), "export_id=" + e.id(),
                "policy=export-retention sha256=" + e.sha256(), () -> archive.markExpiryAudited(e.id()));
    }

    /** Stops the rounds; a round writing now finishes its entry first. What is still owed stays in the index. */
    @Override
    public void close() {
        synchronized (this) {
            thread.shutdown();
        }
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
