package nl.poortwachter.recorder.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * The background deletion jobs on one thread of their own, so they never run at the same time as each other:
 * the purge of expired footage, the storage reserve check, and housekeeping hooks (export expiry). Manual runs
 * ({@link #purgeNow()}) go through the same thread.
 */
public final class RetentionService implements AutoCloseable {
    private static final Log LOG = Log.of(RetentionService.class);

    private final RetentionConfig config;
    private final RetentionStore store;
    private final SegmentPurger purger;
    private final RetentionJob job;
    private final ReserveMonitor reserve;
    private final Holds holds;
    private final RetentionMetrics metrics;
    private final Runnable housekeeping;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile RetentionListener listener = RetentionListener.NONE;

    /**
     * @param freeBytes    usable space of the storage file system (measured each check)
     * @param housekeeping more periodic work on this thread, run after each purge (export expiry)
     */
    public RetentionService(RetentionIndex index, StorageLayout layout, Map<String, LegalRegime> regimes,
                            RetentionConfig config, RecordingControl control, LongSupplier freeBytes,
                            Runnable housekeeping, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.store = index.retention();
        this.clock = clock;
        this.housekeeping = housekeeping;
        this.purger = new SegmentPurger(layout, store, clock);
        ReserveMonitor[] self = new ReserveMonitor[1];
        this.metrics = new RetentionMetrics(registry, () -> self[0].status());
        this.job = new RetentionJob(index, purger, regimes, config.defaultRetentionDays(), () -> listener, metrics, clock);
        this.reserve = new ReserveMonitor(config, store, purger, control, freeBytes, () -> listener, metrics, clock);
        self[0] = reserve;
        this.holds = new Holds(index.holds(), () -> listener, clock);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules the jobs: the reserve at once and then every check interval, the purge after a minute. */
    public void start() {
        long check = config.reserveCheckInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> guarded("reserve", reserve::check), 0, check, TimeUnit.MILLISECONDS);
        long purge = config.purgeInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> guarded("purge", () -> {
            job.run();
            housekeeping.run();
            return null;
        }), Math.min(purge, 60_000), purge, TimeUnit.MILLISECONDS);
    }

    private void guarded(String what, Callable<?> work) {
        try {
            work.call();
        } catch (Exception | Error e) {
            // A failed run must not end the schedule: the next one tries again.
            LOG.error("retention." + what + ".failed", e);
        }
    }

    public void setListener(RetentionListener listener) {
        this.listener = listener == null ? RetentionListener.NONE : listener;
    }

    public RetentionListener listener() {
        return listener;
    }

    /** Runs a purge (and housekeeping) now, on the retention thread; returns the purges it made. */
    public List<PurgeRecord> purgeNow() {
        return onThread(() -> {
            List<PurgeRecord> out = job.run();
            housekeeping.run();
            return out;
        });
    }

    public ReserveStatus checkReserveNow() {
        return onThread(reserve::check);
    }

    public ReserveStatus reserve() {
        return reserve.status();
    }

    public Holds holds() {
        return holds;
    }

    public List<PurgeRecord> purges(String cameraId, Instant from, Instant to, int limit) {
        return store.purges(cameraId, from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    public List<PurgeRecord> unauditedPurges(int limit) {
        return store.unauditedPurges(limit);
    }

    public boolean markPurgeAudited(long purgeId) {
        return store.markPurgeAudited(purgeId, clock.millis());
    }

    SegmentPurger purger() {
        return purger;
    }

    Clock clock() {
        return clock;
    }

    private <T> T onThread(Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("retention.close.timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
    }
}
