package nl.poortwachter.recorder.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.logging.Log;

/**
 * One purge run: for every camera with footage, deletes complete segments that ended before its retention
 * cutoff and are not on hold, oldest first, in batches (so recording's index writes interleave), and records
 * one purge per camera as proof of deletion.
 */
public final class RetentionJob {
    private static final Log LOG = Log.of(RetentionJob.class);
    /** Segments per claim/delete/drop round: small enough that recording's index writes are never held up long. */
    static final int BATCH = 200;

    private final RetentionIndex index;
    private final RetentionStore store;
    private final SegmentPurger purger;
    private final Map<String, LegalRegime> regimes;
    private final int defaultDays;
    private final Supplier<RetentionListener> listener;
    private final RetentionMetrics metrics;
    private final Clock clock;

    RetentionJob(RetentionIndex index, SegmentPurger purger, Map<String, LegalRegime> regimes, int defaultDays,
                 Supplier<RetentionListener> listener, RetentionMetrics metrics, Clock clock) {
        this.index = index;
        this.store = index.retention();
        this.purger = purger;
        this.regimes = Map.copyOf(regimes);
        this.defaultDays = defaultDays;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<PurgeRecord> run() {
        Instant now = clock.instant();
        List<CameraSpec> live = index.cameras().list();
        List<RememberedRetention> current = new ArrayList<>();
        for (CameraSpec c : live) {
            if (c.retentionDays() != null) {
                current.add(new RememberedRetention(c.id(), c.retentionDays(), c.legalRegime()));
            }
        }
        store.rememberRetention(current, now.toEpochMilli());
        Map<String, RememberedRetention> remembered = store.rememberedRetention();
        TreeSet<String> ids = new TreeSet<>(store.camerasWithFootage());
        List<PurgeRecord> out = new ArrayList<>();
        for (String id : ids) {
            CameraSpec spec = live.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
            RetentionRule rule = RetentionRule.of(id, spec, remembered.get(id), regimes, defaultDays);
            Instant cutoff = now.minus(Duration.ofDays(rule.days()));
            PurgeRecord purge = purge(id, cutoff, rule.detail(), now);
            if (purge != null) {
                out.add(purge);
            }
        }
        return out;
    }

    private PurgeRecord purge(String cameraId, Instant cutoff, String detail, Instant now) {
        PurgeRecord start = new PurgeRecord(0, cameraId, null, null, 0, 0, "retention", detail, cutoff, now, null, "running");
        long purgeId = 0;
        while (true) {
            List<DeletableSegment> batch = store.deletable(cameraId, cutoff.toEpochMilli(), clock.millis(), BATCH);
            if (batch.isEmpty()) {
                break;
            }
            RetentionStore.Claim claim = purger.delete(purgeId, start, batch);
            if (claim.purgeId() == 0) {
                break;
            }
            purgeId = claim.purgeId();
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (purgeId == 0) {
            return null;
        }
        PurgeRecord done = store.finishPurge(purgeId, clock.millis(), "done");
        LOG.info("purge.done", "camera", cameraId, "files", done.files(), "bytes", done.bytes(), "from", done.from(),
                "to", done.to(), "policy", done.policy(), "detail", done.detail());
        metrics.deleted("retention", done.files(), done.bytes());
        notifyPurged(done);
        return done;
    }

    private void notifyPurged(PurgeRecord done) {
        try {
            listener.get().purged(done);
        } catch (RuntimeException e) {
            LOG.error("purge.listener.failed", e, "purge", done.id());
        }
    }
}
