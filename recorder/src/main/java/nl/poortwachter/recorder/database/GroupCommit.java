package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.poortwachter.recorder.logging.Log;

/**
 * Writes that may wait a moment, committed together: callers queue items without waiting, and the writer
 * thread commits whatever has queued in one transaction, a gathering delay after the first of them. Many cameras'
 * seek points then cost a handful of transactions a second instead of one each (without the delay 16 cameras'
 * fragments, which arrive spread over each second, still made 18 transactions a second: docs/benchmarks.md). An
 * item is durable only once a flush committed it; a crash may lose the newest ones (their owner must be able to
 * rebuild them, as recovery rebuilds seek points from files).
 */
public final class GroupCommit<T> {
    private static final Log LOG = Log.of(GroupCommit.class);

    /** Writes a batch inside the flush's transaction. */
    @FunctionalInterface
    public interface Batch<T> {
        void write(Connection c, List<T> items) throws SQLException;
    }

    /** One timer for every group commit: it only hands flushes to their database's writer thread. */
    private static final ScheduledExecutorService TIMER = timer();

    private final Database db;
    private final String what;
    private final Batch<T> batch;
    private final long gatherMillis;
    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param what         for the log when a flush fails, e.g. "seek points"
     * @param gatherMillis how long the first queued item waits for others before the flush (0: at once)
     */
    public GroupCommit(Database db, String what, Batch<T> batch, long gatherMillis) {
        this.db = db;
        this.what = what;
        this.batch = batch;
        this.gatherMillis = gatherMillis;
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "group-commit-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Queues the item; a flush is scheduled on the writer thread unless one is already. */
    public void add(T item) {
        pending.add(item);
        schedule();
    }

    /** Schedules a flush unless one is already waiting to run (it will take everything queued by then). */
    public void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            if (gatherMillis <= 0) {
                submitFlush();
            } else {
                TIMER.schedule(this::submitFlush, gatherMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void submitFlush() {
        try {
            db.submit(() -> {
                scheduled.set(false);
                try {
                    flush();
                } catch (SQLException | RuntimeException e) {
                    LOG.error("database.group-commit.failed", e, "database", db.describe(), "items", what);
                }
            });
        } catch (RejectedExecutionException e) {
            // The database closed meanwhile; its owner synced what was queued before closing it (IndexDatabase.close).
            scheduled.set(false);
        }
    }

    /** On the writer thread: commits everything queued so far in one transaction. */
    public void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        db.transaction(c -> {
            List<T> items = new ArrayList<>();
            T item;
            while ((item = pending.poll()) != null) {
                items.add(item);
            }
            batch.write(c, items);
            return null;
        });
    }

    /** Waits until everything queued so far is committed. */
    public void sync() {
        db.onWriter(() -> {
            flush();
            return null;
        });
    }

    public int pending() {
        return pending.size();
    }
}
