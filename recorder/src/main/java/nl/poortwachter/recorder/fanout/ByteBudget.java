package nl.poortwachter.recorder.fanout;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that queued fragments may hold at once, shared by many subscriptions (e.g. every camera's segment
 * writer): when the disk lags behind a hundred cameras, the queues stop growing at this bound and drop to the
 * next keyframe (counted) instead of filling the heap until the JVM fails everywhere.
 */
public final class ByteBudget {
    public static final ByteBudget UNLIMITED = new ByteBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public ByteBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    boolean tryTake(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
