package nl.poortwachter.recorder.fanout;

import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.recorder.logging.Log;

/**
 * A subscriber's bounded queue, drained on its executor one item at a time in order. When full, the newest
 * fragments are dropped and delivery resumes at the next keyframe, so the subscriber never sees a fragment it
 * cannot decode.
 */
public final class Subscription implements AutoCloseable {
    private static final Log LOG = Log.of(Subscription.class);

    private record SessionEnd(String sessionId) {
    }

    private record Barrier(CountDownLatch reached) {
    }

    private record Closed() {
    }

    private final FragmentBus bus;
    private final FragmentListener listener;
    private final int capacity;
    private final Executor executor;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private boolean draining;
    private boolean waitForKeyframe;
    /** Not yet delivered anything: fragments before the first keyframe are skipped, not counted as dropped. */
    private boolean starting;
    private volatile boolean closed;

    Subscription(FragmentBus bus, FragmentListener listener, int capacity, Executor executor) {
        this(bus, listener, capacity, executor, false);
    }

    private final ByteBudget budget;

    Subscription(FragmentBus bus, FragmentListener listener, int capacity, Executor executor, boolean startAtKeyframe) {
        this(bus, listener, capacity, ByteBudget.UNLIMITED, executor, startAtKeyframe);
    }

    Subscription(FragmentBus bus, FragmentListener listener, int capacity, ByteBudget budget, Executor executor,
                 boolean startAtKeyframe) {
        this.budget = budget;
        this.bus = bus;
        this.listener = listener;
        this.capacity = capacity;
        this.executor = executor;
        this.starting = startAtKeyframe;
    }

    void offer(Fragment f) {
        synchronized (queue) {
            if (starting) {
                if (!f.keyframe()) {
                    return;
                }
                starting = false;
            }
            if (waitForKeyframe && !f.keyframe()) {
                dropped.incrementAndGet();
                return;
            }
            if (queue.size() >= capacity || !budget.tryTake(f.bytes().length)) {
                dropped.incrementAndGet();
                waitForKeyframe = true;
                return;
            }
            waitForKeyframe = false;
            enqueue(f);
        }
    }

    void offerSessionEnd(String sessionId) {
        synchronized (queue) {
            // Always delivered, even when full: the end of a session must reach the writer to close its file.
            // What follows is a new session, which starts with a keyframe.
            waitForKeyframe = false;
            enqueue(new SessionEnd(sessionId));
        }
    }

    void offerClosed() {
        synchronized (queue) {
            enqueue(new Closed());
        }
        bus.remove(this);
    }

    private void enqueue(Object item) {
        queue.add(item);
        if (!draining && !closed) {
            draining = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Object item;
            synchronized (queue) {
                item = queue.poll();
                if (item == null || closed) {
                    if (item instanceof Fragment f) {
                        budget.give(f.bytes().length);
                    }
                    draining = false;
                    return;
                }
            }
            try {
                if (item instanceof Fragment f) {
                    try {
                        listener.onFragment(f);
                    } finally {
                        budget.give(f.bytes().length);
                    }
                } else if (item instanceof Barrier b) {
                    b.reached().countDown();
                } else if (item instanceof Closed) {
                    listener.onClosed();
                } else {
                    listener.onSessionEnd(((SessionEnd) item).sessionId());
                }
            } catch (RuntimeException e) {
                LOG.error("fragment.listener.failed", e);
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Lets the listener handle everything already queued (up to the timeout), then unsubscribes. */
    public boolean closeAfterDrain(long timeoutMillis) {
        Barrier barrier = new Barrier(new CountDownLatch(1));
        synchronized (queue) {
            enqueue(barrier);
        }
        boolean drained;
        try {
            drained = barrier.reached().await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        close();
        return drained;
    }

    @Override
    public void close() {
        closed = true;
        bus.remove(this);
        synchronized (queue) {
            // What will never be delivered gives its bytes back. (A fragment being delivered right now gives its
            // own back when the listener returns.)
            for (Object item : queue) {
                if (item instanceof Fragment f) {
                    budget.give(f.bytes().length);
                }
            }
            queue.clear();
        }
    }
}
