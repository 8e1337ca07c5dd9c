package nl.poortwachter.gateway.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.function.LongSupplier;
import nl.poortwachter.gateway.cluster.NodeKey;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.fanout.FragmentListener;
import nl.poortwachter.recorder.fanout.Subscription;

/**
 * On the node that records a camera: what one other node asked for (its pictures or its recording fragments), sent
 * to that node's inbox on the event bus, once for all that node's viewers (D76). It is one more subscriber of the
 * camera's feed, with the same bounded queue as a local viewer; and it has at most {@link #MAX_IN_FLIGHT} messages
 * unacknowledged, beyond which it skips to the next keyframe: a slow or unreachable node never slows the camera or
 * the other viewers. All of it runs on the relay's context.
 */
final class RelayOutlet implements FragmentListener {
    /** About a second of pictures at 25 fps; a few seconds of recording fragments. */
    static final int MAX_IN_FLIGHT = 25;
    private static final long SEND_TIMEOUT_MILLIS = 5_000;

    record Key(String node, String cameraId, RelayMessage.Kind kind) {
    }

    private final Key key;
    private final String self;
    private final EventBus bus;
    private final NodeKey signing;
    private final LongSupplier clock;
    private final Runnable onDrop;
    private final Object source;
    private Subscription subscription;
    private InitSegment sentInit;
    private boolean waitForKeyframe = true;
    private int inFlight;
    private long interestMillis;
    private boolean closed;

    /** @param source the feed or bus subscribed to: a new one (the pipeline restarted) makes a new outlet */
    RelayOutlet(Key key, String self, EventBus bus, NodeKey signing, LongSupplier clock, Runnable onDrop, Object source) {
        this.key = key;
        this.self = self;
        this.bus = bus;
        this.signing = signing;
        this.clock = clock;
        this.onDrop = onDrop;
        this.source = source;
        this.interestMillis = clock.getAsLong();
    }

    void subscribed(Subscription s) {
        this.subscription = s;
    }

    Object source() {
        return source;
    }

    void interested() {
        interestMillis = clock.getAsLong();
    }

    boolean expired(long now, long ttlMillis) {
        return now - interestMillis > ttlMillis;
    }

    @Override
    public void onFragment(Fragment f) {
        if (closed) {
            return;
        }
        if (waitForKeyframe && !f.keyframe() || inFlight >= MAX_IN_FLIGHT) {
            waitForKeyframe = true;
            onDrop.run();
            return;
        }
        waitForKeyframe = false;
        boolean withInit = f.init() != sentInit;
        sentInit = f.init();
        send(RelayMessage.fragment(key.cameraId(), self, key.kind(), f, clock.getAsLong()).encode(signing, withInit));
    }

    @Override
    public void onSessionEnd(String sessionId) {
        if (!closed) {
            waitForKeyframe = true;
            send(RelayMessage.sessionEnd(key.cameraId(), self, key.kind(), sessionId, clock.getAsLong())
                    .encode(signing, false));
        }
    }

    private void send(Buffer message) {
        inFlight++;
        bus.request(LiveRelay.inbox(key.node()), message, new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MILLIS))
                .onComplete(ar -> {
                    inFlight--;
                    if (ar.failed()) {
                        // The node may not have what came before (restarted, or the message was lost): start over
                        // with a keyframe and its init segment.
                        sentInit = null;
                        waitForKeyframe = true;
                    }
                });
    }

    void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}
