package nl.poortwachter.recorder.ingest;

import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.InitSegment;

/**
 * Wall-clock time of one session's media (docs/time.md, D2). The camera's media timestamps give every duration;
 * the gateway's clock gives the anchor: {@code wall = media + offset}. Each picture's arrival minus its media time
 * is an upper bound on the offset (a picture cannot arrive before it was taken), so the least-delayed picture sets
 * it, never the moment a worker got round to a picture:
 * <ul>
 * <li>until the first fragment is complete (a quarter to a whole second) the offset is the smallest such bound seen;</li>
 * <li>after that, a picture that proves the offset too late (it arrived before the time we would give it) lowers
 *     it at once, and drift the other way (a camera clock that runs slow, so pictures seem ever more delayed) is
 *     followed at most {@value #MAX_SLEW_PPM} ppm, towards the smallest bound of the last {@value #WINDOW_SECONDS} s.</li>
 * </ul>
 * A fragment's start is never before the session began to connect, always after the previous fragment's start, and as
 * far as those allow, its end is not after what followed it arrived (so nothing is claimed before it existed).
 * Used by the camera's ingest thread only.
 */
final class SessionClock implements Fmp4Muxer.Timeline {
    static final int MAX_SLEW_PPM = 500;
    static final int WINDOW_SECONDS = 30;

    private final long openedAtMillis;
    /** wall = media + offset, in microseconds; unset until the first sample. */
    private long offsetMicros = Long.MIN_VALUE;
    private boolean locked;
    private long lastFragmentTicks;
    private long lastStart = Long.MIN_VALUE;
    private long latestBoundMicros;
    /** The smallest bound per second of arrival, for the window drift is followed in. */
    private final long[] windowMin = new long[WINDOW_SECONDS];
    private final long[] windowSecond = new long[WINDOW_SECONDS];
    private long clamps;

    /** @param openedAtMillis when the session began to connect: no fragment starts before it */
    SessionClock(long openedAtMillis) {
        this.openedAtMillis = openedAtMillis;
        java.util.Arrays.fill(windowSecond, Long.MIN_VALUE);
    }

    @Override
    public void sample(long decodeTime, long arrivalMillis) {
        long bound = arrivalMillis * 1000 - micros(decodeTime);
        latestBoundMicros = bound;
        if (offsetMicros == Long.MIN_VALUE || bound < offsetMicros) {
            offsetMicros = bound; // before the first fragment: the least delayed so far; after: proven too late
        }
        long second = Math.floorDiv(arrivalMillis, 1000);
        int slot = (int) Math.floorMod(second, WINDOW_SECONDS);
        if (windowSecond[slot] != second) {
            windowSecond[slot] = second;
            windowMin[slot] = bound;
        } else if (bound < windowMin[slot]) {
            windowMin[slot] = bound;
        }
    }

    @Override
    public long fragmentStart(long decodeTime, long duration, long endArrivalMillis) {
        if (offsetMicros == Long.MIN_VALUE) {
            sample(decodeTime, endArrivalMillis);
        }
        if (!locked) {
            locked = true;
        } else {
            long target = windowMinimum(Math.floorDiv(endArrivalMillis, 1000));
            if (target > offsetMicros) {
                long budget = micros(decodeTime - lastFragmentTicks) * MAX_SLEW_PPM / 1_000_000;
                offsetMicros += Math.min(target - offsetMicros, budget);
            }
        }
        lastFragmentTicks = decodeTime;
        long start = Math.floorDiv(micros(decodeTime) + offsetMicros, 1000);
        long latest = endArrivalMillis - ceilMillis(duration);
        if (start > latest) {
            start = latest;
        }
        long earliest = Math.max(openedAtMillis, lastStart == Long.MIN_VALUE ? Long.MIN_VALUE : lastStart + 1);
        if (start < earliest) {
            if (earliest > latest) {
                clamps++; // the camera sent more media than time passed since we connected: its buffer, not now
            }
            start = earliest;
        }
        lastStart = start;
        return start;
    }

    /** How much later the newest picture arrived than the least delayed ones: the backlog between camera and us, ms. */
    long delayMillis() {
        return offsetMicros == Long.MIN_VALUE ? 0 : Math.max(0, (latestBoundMicros - offsetMicros) / 1000);
    }

    /** Fragments whose end had to be placed after what followed them arrived (see the class comment). */
    long clamps() {
        return clamps;
    }

    /** The anchor: wall-clock ms of media time 0, as the session sees it now. */
    long anchorMillis() {
        return offsetMicros == Long.MIN_VALUE ? openedAtMillis : Math.floorDiv(offsetMicros, 1000);
    }

    private long windowMinimum(long nowSecond) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (windowSecond[i] != Long.MIN_VALUE && nowSecond - windowSecond[i] < WINDOW_SECONDS) {
                min = Math.min(min, windowMin[i]);
            }
        }
        return min == Long.MAX_VALUE ? offsetMicros : min;
    }

    private static long micros(long ticks) {
        return ticks * 1_000_000 / InitSegment.TIMESCALE;
    }

    private static long ceilMillis(long ticks) {
        return (ticks * 1000 + InitSegment.TIMESCALE - 1) / InitSegment.TIMESCALE;
    }
}
