package nl.poortwachter.recorder.transcode;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the transcoder's native contexts (decoders, encoders, scalers, frames) alive: a test hook for leaks. */
final class NativeObjects {
    private static final AtomicInteger LIVE = new AtomicInteger();

    private NativeObjects() {
    }

    public static int live() {
        return LIVE.get();
    }

    static void allocated() {
        LIVE.incrementAndGet();
    }

    static void freed() {
        LIVE.decrementAndGet();
    }
}
