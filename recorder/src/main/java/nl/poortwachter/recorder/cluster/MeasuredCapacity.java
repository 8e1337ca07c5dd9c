package nl.poortwachter.recorder.cluster;

import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * What this node publishes as its measured capacity (D91): the recorder's own estimate of how many cameras it can
 * record, held steady. An estimate made soon after the node took or gave up cameras still describes the old set (the
 * figures are smoothed over seconds, and a camera that is connecting costs nothing yet), so a new estimate is taken
 * only once the number of cameras held here has not changed for {@link #SETTLE_NANOS}, and not during the
 * {@link #WARM_UP_NANOS} after the start; and it replaces the published
 * one only when it differs by at least a tenth (at least one camera), so that noise in the measure does not move
 * cameras back and forth. Until the first settled estimate there is none: the node is then held to its configured
 * capacity only.
 */
final class MeasuredCapacity {
    /** As long as the overload policy waits between its steps (D42): time for a change to show in the figures. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * A gateway that just started compiles its code and connects for tens of seconds: what it uses then says little of
     * what its cameras cost (the cluster bench saw a node just started claim room for none).
     */
    static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Integer published;
    private long startedNanos;
    private boolean started;
    private int held = -1;
    private long heldSince;

    /** The value published last; null before the first settled estimate. */
    Integer published() {
        return published;
    }

    /**
     * @param nowNanos a monotonic clock
     * @param held     how many cameras this node holds now
     * @param estimate the recorder's estimate now; empty when it has measured no camera
     * @return what to publish: null while nothing settled was measured
     */
    Integer next(long nowNanos, int held, OptionalInt estimate) {
        if (!started) {
            started = true;
            startedNanos = nowNanos;
        }
        if (held != this.held) {
            this.held = held;
            heldSince = nowNanos;
            return published;
        }
        if (nowNanos - heldSince < SETTLE_NANOS || nowNanos - startedNanos < WARM_UP_NANOS || estimate.isEmpty()) {
            return published;
        }
        int e = estimate.getAsInt();
        if (published == null || Math.abs(e - published) >= Math.max(1, published / 10)) {
            published = e;
        }
        return published;
    }
}
