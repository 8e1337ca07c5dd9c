package nl.poortwachter.recorder.ingest;

import java.time.Duration;

/** Exponential backoff with a cap: 1 s, 2 s, 4 s, … up to the cap; reset after a session that streamed. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long next;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.next = initialMillis;
    }

    long nextDelayMillis() {
        long d = next;
        next = Math.min(maxMillis, next * 2);
        return d;
    }

    void reset() {
        next = initialMillis;
    }
}
