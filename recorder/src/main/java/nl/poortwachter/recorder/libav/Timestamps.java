package nl.poortwachter.recorder.libav;

import nl.poortwachter.media.fmp4.InitSegment;
import org.bytedeco.ffmpeg.global.avutil;

/** Converts libav timestamps to the 90 kHz media clock; a missing timestamp becomes {@link Long#MIN_VALUE}. */
public final class Timestamps {
    private Timestamps() {
    }

    public static long toTicks(long ts, int num, int den) {
        if (ts == avutil.AV_NOPTS_VALUE) {
            return Long.MIN_VALUE;
        }
        if (num == 1 && den == InitSegment.TIMESCALE) {
            return ts;
        }
        try {
            return Math.multiplyExact(ts, (long) InitSegment.TIMESCALE * num) / den;
        } catch (ArithmeticException overflow) {
            return (long) ((double) ts * InitSegment.TIMESCALE * num / den);
        }
    }
}
