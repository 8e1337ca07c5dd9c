package nl.poortwachter.recorder.ingest;

import java.util.Arrays;
import java.util.function.LongSupplier;
import nl.poortwachter.recorder.libav.Timestamps;

/**
 * When the last camera pictures reached the transcoder, by presentation time, so that the encoder's output for a
 * picture can be stamped with its camera picture's arrival. A small ring: the decoder and encoder hold a few
 * pictures at most. Used by one thread; nothing allocated per picture.
 */
final class ArrivalTimes {
    private static final int SIZE = 64;
    private final long[] ticks = new long[SIZE];
    private final long[] millis = new long[SIZE];
    private final int tbNum;
    private final int tbDen;
    private final LongSupplier clock;
    private int next;

    ArrivalTimes(int tbNum, int tbDen, LongSupplier clock) {
        this.tbNum = tbNum;
        this.tbDen = tbDen;
        this.clock = clock;
        Arrays.fill(ticks, Long.MIN_VALUE);
    }

    /** A camera picture with this pts (stream time base) arrived at {@code arrivalMillis}. */
    void arrived(long pts, long arrivalMillis) {
        ticks[next] = Timestamps.toTicks(pts, tbNum, tbDen);
        millis[next] = arrivalMillis;
        next = (next + 1) % SIZE;
    }

    /** @param outputTicks an encoded picture's pts in 90 kHz ticks; @return its camera picture's arrival, or now */
    long of(long outputTicks) {
        if (outputTicks != Long.MIN_VALUE) {
            for (int i = 0; i < SIZE; i++) {
                if (ticks[i] == outputTicks) {
                    return millis[i];
                }
            }
        }
        return clock.getAsLong();
    }
}
