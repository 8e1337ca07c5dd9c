package nl.poortwachter.recorder.ingest;

import java.util.function.LongSupplier;
import nl.poortwachter.media.fmp4.InitSegment;

/**
 * Maps a session's media time to wall-clock time. Anchored at the first sample; re-anchored at a keyframe
 * when the camera's clock has drifted more than a second from ours, so that the index stays within a second
 * of real time over days without jittering every fragment.
 */
final class WallClock {
    private static final long MAX_DRIFT_MILLIS = 1000;
    private final LongSupplier now;
    private long anchorWall = Long.MIN_VALUE;
    private long anchorTicks;

    WallClock(LongSupplier now) {
        this.now = now;
    }

    /** The gateway's clock now: when a picture arrives. */
    long now() {
        return now.getAsLong();
    }

    long at(long ticks, boolean keyframe) {
        long current = now.getAsLong();
        if (anchorWall == Long.MIN_VALUE) {
            anchorWall = current;
            anchorTicks = ticks;
            return current;
        }
        long mapped = anchorWall + (ticks - anchorTicks) * 1000 / InitSegment.TIMESCALE;
        if (keyframe && Math.abs(current - mapped) > MAX_DRIFT_MILLIS) {
            anchorWall = current;
            anchorTicks = ticks;
            return current;
        }
        return mapped;
    }
}
