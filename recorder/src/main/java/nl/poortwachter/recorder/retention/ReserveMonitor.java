package nl.poortwachter.recorder.retention;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import nl.poortwachter.recorder.logging.Log;

/**
 * Keeps free space above a floor. Under it, the alarm goes on and the configured policy applies: delete the
 * oldest footage not on hold (across cameras, oldest first) until free space is back above floor + margin, or
 * stop the lowest-priority cameras one per check. The alarm clears, and stopped cameras resume, once free space
 * is above floor + margin. Other cameras keep recording, and the index is only written through its normal
 * transactions, so it stays intact whatever the disk does.
 */
public final class ReserveMonitor {
    private static final Log LOG = Log.of(ReserveMonitor.class);
    private static final int BATCH = 10;

    private final RetentionConfig config;
    private final RetentionStore store;
    private final SegmentPurger purger;
    private final RecordingControl control;
    private final LongSupplier freeBytes;
    private final Supplier<RetentionListener> listener;
    private final RetentionMetrics metrics;
    private final Clock clock;
    private final List<String> paused = new ArrayList<>();
    private volatile ReserveStatus status;

    ReserveMonitor(RetentionConfig config, RetentionStore store, SegmentPurger purger, RecordingControl control,
                   LongSupplier freeBytes, Supplier<RetentionListener> listener, RetentionMetrics metrics, Clock clock) {
        this.config = config;
        this.store = store;
        this.purger = purger;
        this.control = control;
        this.freeBytes = freeBytes;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.status = new ReserveStatus(false, freeBytes.getAsLong(), config.reserveFloorBytes(), config.reservePolicy(),
                List.of(), clock.instant(), "not checked yet");
    }

    public ReserveStatus status() {
        return status;
    }

    /** One check; runs on the retention thread. */
    synchronized ReserveStatus check() {
        long floor = config.reserveFloorBytes();
        long free = freeBytes.getAsLong();
        boolean wasAlarm = status.alarm();
        boolean alarm = wasAlarm;
        String detail;
        if (floor == 0) {
            alarm = false;
            detail = "reserve off";
        } else if (free < floor) {
            alarm = true;
            if (!wasAlarm) {
                metrics.triggered();
            }
            detail = switch (config.reservePolicy()) {
                case DELETE_OLDEST -> deleteOldest(free, floor);
                case STOP_CAMERAS -> stopNext(free, floor);
            };
            free = freeBytes.getAsLong();
        } else if (wasAlarm && free >= floor + config.reserveMarginBytes()) {
            alarm = false;
            detail = resumeAll();
        } else {
            detail = wasAlarm ? "free space above the floor, waiting for floor + margin" : "ok";
        }
        status = new ReserveStatus(alarm, free, floor, config.reservePolicy(), List.copyOf(paused), clock.instant(), detail);
        if (alarm != wasAlarm) {
            LOG.warn(alarm ? "storage.reserve.alarm" : "storage.reserve.cleared", "freeMiB", free >> 20,
                    "floorMiB", floor >> 20, "policy", config.reservePolicy().configName(), "detail", detail);
            try {
                listener.get().reserveChanged(status);
            } catch (RuntimeException e) {
                LOG.error("reserve.listener.failed", e);
            }
        }
        return status;
    }

    private String deleteOldest(long free, long floor) {
        long target = floor + config.reserveMarginBytes();
        String why = "free " + (free >> 20) + " MiB under the floor of " + (floor >> 20) + " MiB";
        Map<String, Long> purges = new LinkedHashMap<>();
        long files = 0;
        while (free < target) {
            // Oldest first across cameras: take the camera with the oldest footage, and of it only what is older
            // than the next camera's oldest and about as much as is still missing.
            String oldest = null;
            long oldestStart = Long.MAX_VALUE;
            long secondStart = Long.MAX_VALUE;
            long now = clock.millis();
            for (String camera : store.camerasWithFootage()) {
                OptionalLong start = store.oldestDeletableStart(camera, now);
                if (start.isEmpty()) {
                    continue;
                }
                if (start.getAsLong() < oldestStart) {
                    secondStart = oldestStart;
                    oldest = camera;
                    oldestStart = start.getAsLong();
                } else if (start.getAsLong() < secondStart) {
                    secondStart = start.getAsLong();
                }
            }
            if (oldest == null) {
                LOG.warn("storage.reserve.nothing.deletable", "freeMiB", free >> 20);
                break;
            }
            List<DeletableSegment> batch = new ArrayList<>();
            long planned = 0;
            for (DeletableSegment d : store.deletable(oldest, Long.MAX_VALUE, now, BATCH)) {
                if (!batch.isEmpty() && (d.startMillis() > secondStart || planned >= target - free)) {
                    break;
                }
                batch.add(d);
                planned += d.bytes();
            }
            PurgeRecord start = new PurgeRecord(0, oldest, null, null, 0, 0, "reserve",
                    "storage reserve (delete-oldest): " + why, null, clock.instant(), null, "running");
            RetentionStore.Claim claim = purger.delete(purges.getOrDefault(oldest, 0L), start, batch);
            if (claim.purgeId() == 0) {
                continue;
            }
            purges.put(oldest, claim.purgeId());
            files += claim.claimed().size();
            free = freeBytes.getAsLong();
        }
        for (long id : purges.values()) {
            PurgeRecord done = store.finishPurge(id, clock.millis(), "done");
            metrics.deleted("reserve", done.files(), done.bytes());
            LOG.warn("purge.done", "camera", done.cameraId(), "files", done.files(), "bytes", done.bytes(),
                    "policy", "reserve", "detail", done.detail());
            try {
                listener.get().purged(done);
            } catch (RuntimeException e) {
                LOG.error("purge.listener.failed", e, "purge", id);
            }
        }
        return why + "; deleted " + files + " oldest segment files not on hold";
    }

    private String stopNext(long free, long floor) {
        String why = "free " + (free >> 20) + " MiB under the floor of " + (floor >> 20) + " MiB";
        for (String camera : config.stopOrder()) {
            if (control.isRecording(camera)) {
                control.pause(camera);
                if (!paused.contains(camera)) {
                    paused.add(camera);
                }
                LOG.warn("storage.reserve.camera.stopped", "camera", camera, "freeMiB", free >> 20);
                return why + "; stopped recording of " + camera;
            }
        }
        return why + "; every camera in stopOrder is stopped already";
    }

    private String resumeAll() {
        List<String> resumed = new ArrayList<>();
        for (int i = paused.size() - 1; i >= 0; i--) {
            String camera = paused.get(i);
            try {
                control.resume(camera);
                resumed.add(camera);
            } catch (RuntimeException e) {
                LOG.error("storage.reserve.resume.failed", e, "camera", camera);
            }
        }
        paused.clear();
        return resumed.isEmpty() ? "free space back above floor + margin"
                : "free space back above floor + margin; resumed " + String.join(", ", resumed);
    }
}
