package nl.poortwachter.recorder.transcode;

import java.util.Arrays;

/**
 * When pictures reached the gateway, by their timestamp (90 kHz ticks): the decoder and the encoder each hold a
 * few pictures back, so a picture that comes out is looked up by its own timestamp, never taken as "the latest
 * one in". A small ring (decoder and encoder delays are a handful of pictures); used by one thread; nothing
 * allocated per picture.
 */
final class ArrivalTimes {
    private static final int SIZE = 64;
    private final long[] ticks = new long[SIZE];
    private final long[] millis = new long[SIZE];
    private int next;

    ArrivalTimes() {
        Arrays.fill(ticks, Long.MIN_VALUE);
    }

    /** The picture with timestamp {@code pictureTicks} arrived at {@code arrivalMillis}; a newer entry for the same ticks wins. */
    void put(long pictureTicks, long arrivalMillis) {
        if (pictureTicks == Long.MIN_VALUE) {
            return;
        }
        ticks[next] = pictureTicks;
        millis[next] = arrivalMillis;
        next = (next + 1) % SIZE;
    }

    /**
     * @param pictureTicks a picture's timestamp in 90 kHz ticks, or {@link Long#MIN_VALUE}
     * @param unknown      what to answer for a picture not (or no longer) in the ring
     */
    long get(long pictureTicks, long unknown) {
        if (pictureTicks != Long.MIN_VALUE) {
            // Newest first: should a timestamp ever repeat (a camera clock reset), the recent picture is meant.
            for (int k = 1; k <= SIZE; k++) {
                int i = Math.floorMod(next - k, SIZE);
                if (ticks[i] == pictureTicks) {
                    return millis[i];
                }
            }
        }
        return unknown;
    }
}
