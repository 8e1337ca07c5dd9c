package nl.poortwachter.recorder.fanout;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import nl.poortwachter.media.fmp4.Fragment;

/**
 * One camera's fan-out point: the ingest thread publishes each fragment once, every subscriber (segment
 * writer, later live viewers) gets it through its own bounded queue. Publishing never blocks: a subscriber
 * that falls behind loses fragments up to the next keyframe and is counted, the camera and the others go on.
 */
public final class FragmentBus {
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * @param capacity  fragments the subscriber may lag behind before it starts dropping
     * @param executor  where the listener runs; calls for one subscriber never overlap and keep their order
     */
    public Subscription subscribe(FragmentListener listener, int capacity, Executor executor) {
        return subscribe(listener, capacity, executor, false);
    }

    /** As {@link #subscribe(FragmentListener, int, Executor)}, the queued bytes also counted against a shared budget. */
    public Subscription subscribe(FragmentListener listener, int capacity, ByteBudget budget, Executor executor) {
        Subscription s = new Subscription(this, listener, capacity, budget, executor, false);
        subscriptions.add(s);
        return s;
    }

    /** @param startAtKeyframe skip what comes before the first keyframe (a live viewer joining mid-GOP) */
    Subscription subscribe(FragmentListener listener, int capacity, Executor executor, boolean startAtKeyframe) {
        Subscription s = new Subscription(this, listener, capacity, executor, startAtKeyframe);
        subscriptions.add(s);
        return s;
    }

    void remove(Subscription s) {
        subscriptions.remove(s);
    }

    public void publish(Fragment fragment) {
        for (Subscription s : subscriptions) {
            s.offer(fragment);
        }
    }

    public void endSession(String sessionId) {
        for (Subscription s : subscriptions) {
            s.offerSessionEnd(sessionId);
        }
    }

    /** Tells every subscriber that no more will come, after what is queued, and unsubscribes them. */
    void close() {
        for (Subscription s : subscriptions) {
            s.offerClosed();
        }
    }

    public int subscribers() {
        return subscriptions.size();
    }
}
