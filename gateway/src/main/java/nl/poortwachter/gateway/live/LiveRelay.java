package nl.poortwachter.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import nl.poortwachter.gateway.cluster.NodeKey;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.logging.Log;

/**
 * Live video of any camera through any node of a cluster (D76), over the Vert.x event bus. A node whose viewers
 * watch a camera another node records says so to every node ({@value #INTEREST_ADDRESS}, renewed every
 * {@value #RENEW_MILLIS} ms while it has viewers, withdrawn when the last one leaves); the node recording it then
 * sends that node the camera's pictures (or its recording fragments, for live HLS) once, into its inbox, whatever the
 * number of its viewers. The receiving node feeds them into the camera's own {@link LiveFeed} (or a bus for its HLS
 * window), so its viewers get the same protocol as local ones, and follow the camera when it moves to another node or
 * to this one. The recording node makes pictures only while someone, here or elsewhere, watches (the outlet is one
 * subscriber of the feed). Every message is signed with the cluster's live key; unsigned ones are dropped.
 */
public final class LiveRelay implements AutoCloseable {
    private static final Log LOG = Log.of(LiveRelay.class);
    static final String INTEREST_ADDRESS = "poortwachter.live.interest";
    static final long RENEW_MILLIS = 2_000;
    /** An outlet nobody renewed for this long is closed (its node left without saying so, or died). */
    static final long INTEREST_TTL_MILLIS = 3 * RENEW_MILLIS + 1_000;

    private final Vertx vertx;
    private final Context context;
    private final Recorder recorder;
    private final String self;
    private final NodeKey key;
    private final LiveMetrics metrics;
    private final LongSupplier clock;
    /** Viewer side: cameras this node's viewers watch, with the feed they are subscribed to. */
    private final Map<String, LiveFeed> watched = new ConcurrentHashMap<>();
    /** Viewer side: recording fragments of cameras this node's live HLS windows show. */
    private final Map<String, FragmentBus> hls = new ConcurrentHashMap<>();
    /** Viewer side: the init segment of each incoming stream's last fragment (camera, kind, sender). */
    private final Map<String, InitSegment> inits = new ConcurrentHashMap<>();
    /** Recording side: what the other nodes asked for. Touched on {@link #context} only. */
    private final Map<RelayOutlet.Key, RelayOutlet> outlets = new java.util.HashMap<>();
    private final List<MessageConsumer<Buffer>> consumers = new ArrayList<>();
    private long timer = -1;

    private LiveRelay(Vertx vertx, Recorder recorder, String self, NodeKey key, LiveMetrics metrics, LongSupplier clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.recorder = recorder;
        this.self = self;
        this.key = key;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts listening for interest and for video sent to this node. Call from a thread that is not an event loop. */
    public static LiveRelay start(Vertx vertx, Recorder recorder, String nodeId, byte[] clusterSecret,
                                  LiveMetrics metrics, LongSupplier clock) throws Exception {
        LiveRelay relay = new LiveRelay(vertx, recorder, nodeId, new NodeKey(clusterSecret, "live-video"), metrics,
                clock);
        java.util.concurrent.CompletableFuture<Void> registered = new java.util.concurrent.CompletableFuture<>();
        relay.context.runOnContext(v -> {
            MessageConsumer<Buffer> interest = vertx.eventBus().consumer(INTEREST_ADDRESS, relay::onInterest);
            MessageConsumer<Buffer> inbox = vertx.eventBus().consumer(inbox(nodeId), relay::onVideo);
            relay.consumers.add(interest);
            relay.consumers.add(inbox);
            relay.timer = vertx.setPeriodic(RENEW_MILLIS, id -> relay.tick());
            io.vertx.core.Future.all(interest.completion(), inbox.completion())
                    .onComplete(ar -> registered.complete(null));
        });
        registered.get(30, java.util.concurrent.TimeUnit.SECONDS);
        return relay;
    }

    /** For the audit log: this node serves the view, {@code recorder} records the camera ({@code none}: nobody now). */
    public String placement(Optional<String> recorder) {
        return "served_by=" + self + " recorded_by=" + recorder.orElse("none");
    }

    /** Where a node receives the video it asked for. */
    static String inbox(String node) {
        return "poortwachter.live.to." + node;
    }

    // ---- viewer side ----------------------------------------------------------------------------------------

    /**
     * A viewer of this node subscribed to the camera's feed. When another node records the camera, its pictures come
     * here for as long as the feed has viewers.
     */
    public void watch(String cameraId, LiveFeed feed) {
        if (watched.putIfAbsent(cameraId, feed) == null && !recordedHere(cameraId)) {
            interest(cameraId, RelayMessage.Kind.PICTURES, true);
        }
    }

    /** The camera's recording fragments for this node's live HLS window, from the node that records it. */
    public FragmentBus fragments(String cameraId) {
        FragmentBus[] made = new FragmentBus[1];
        FragmentBus bus = hls.computeIfAbsent(cameraId, id -> made[0] = new FragmentBus());
        if (made[0] != null) {
            interest(cameraId, RelayMessage.Kind.FRAGMENTS, true);
        }
        return bus;
    }

    private void interest(String cameraId, RelayMessage.Kind kind, boolean on) {
        vertx.eventBus().publish(INTEREST_ADDRESS, RelayMessage.interest(cameraId, self, kind, on, clock.getAsLong())
                .encode(key, false));
    }

    private void onVideo(Message<Buffer> message) {
        RelayMessage m;
        try {
            m = RelayMessage.decode(message.body(), key, inits::get);
        } catch (IllegalArgumentException e) {
            LOG.warn("live.relay.refused", "error", e.getMessage());
            message.fail(400, "refused");
            return;
        }
        message.reply(Buffer.buffer());
        if (m.fragment() != null) {
            inits.put(m.stream(), m.fragment().init());
        }
        if (recordedHere(m.cameraId())) {
            return; // the camera moved here: the local pipeline feeds the viewers now
        }
        if (m.kind() == RelayMessage.Kind.PICTURES) {
            LiveFeed feed = watched.get(m.cameraId());
            if (feed == null) {
                return;
            }
            if (m.type() == RelayMessage.Type.FRAGMENT) {
                feed.accept(m.fragment());
            } else if (m.type() == RelayMessage.Type.SESSION_END) {
                feed.endSession(m.sessionId());
            }
        } else {
            FragmentBus bus = hls.get(m.cameraId());
            if (bus == null) {
                return;
            }
            if (m.type() == RelayMessage.Type.FRAGMENT) {
                bus.publish(m.fragment());
            } else if (m.type() == RelayMessage.Type.SESSION_END) {
                bus.endSession(m.sessionId());
            }
        }
    }

    // ---- recording side -------------------------------------------------------------------------------------

    private void onInterest(Message<Buffer> message) {
        RelayMessage m;
        try {
            m = RelayMessage.decode(message.body(), key, stream -> null);
        } catch (IllegalArgumentException e) {
            LOG.warn("live.relay.refused", "error", e.getMessage());
            return;
        }
        if (m.node().equals(self)) {
            return;
        }
        RelayOutlet.Key k = new RelayOutlet.Key(m.node(), m.cameraId(), m.kind());
        RelayOutlet existing = outlets.get(k);
        Object source = source(m.cameraId(), m.kind()).orElse(null);
        if (m.type() != RelayMessage.Type.INTEREST || source == null) {
            if (existing != null) {
                close(k);
            }
            return;
        }
        if (existing != null && existing.source() == source) {
            existing.interested();
            return;
        }
        if (existing != null) {
            close(k); // the camera's pipeline restarted: follow the new one
        }
        RelayOutlet outlet = new RelayOutlet(k, self, vertx.eventBus(), key, clock, () -> metrics.dropped(m.cameraId(), 1),
                source);
        java.util.concurrent.Executor onContext = task -> context.runOnContext(x -> task.run());
        try {
            outlet.subscribed(source instanceof LiveFeed feed
                    ? feed.subscribe(outlet, LiveViewer.QUEUE_PICTURES, onContext)
                    : ((FragmentBus) source).subscribe(outlet, HlsWindow.FRAGMENTS, onContext));
        } catch (IllegalStateException removed) {
            return; // the camera was removed meanwhile
        }
        outlets.put(k, outlet);
        LOG.info("live.relay.started", "camera", m.cameraId(), "to", m.node(), "kind", m.kind());
    }

    /** What an outlet of this kind subscribes to, while this node records the camera. */
    private Optional<Object> source(String cameraId, RelayMessage.Kind kind) {
        return kind == RelayMessage.Kind.PICTURES ? recorder.recordingFeed(cameraId).map(f -> (Object) f)
                : recorder.liveFragments(cameraId).map(b -> (Object) b);
    }

    private void close(RelayOutlet.Key k) {
        RelayOutlet o = outlets.remove(k);
        if (o != null) {
            o.close();
            LOG.info("live.relay.ended", "camera", k.cameraId(), "to", k.node(), "kind", k.kind());
        }
    }

    private boolean recordedHere(String cameraId) {
        return recorder.liveFragments(cameraId).isPresent();
    }

    /** Every {@value #RENEW_MILLIS} ms, on the relay's context: renew or withdraw interest, close stale outlets. */
    private void tick() {
        long now = clock.getAsLong();
        watched.forEach((camera, feed) -> {
            if (feed.viewers() == 0) {
                watched.remove(camera, feed);
                interest(camera, RelayMessage.Kind.PICTURES, false);
            } else if (!recordedHere(camera)) {
                interest(camera, RelayMessage.Kind.PICTURES, true);
            }
        });
        hls.forEach((camera, bus) -> {
            if (bus.subscribers() == 0) {
                hls.remove(camera, bus);
                interest(camera, RelayMessage.Kind.FRAGMENTS, false);
            } else if (!recordedHere(camera)) {
                interest(camera, RelayMessage.Kind.FRAGMENTS, true);
            }
        });
        for (RelayOutlet.Key k : List.copyOf(outlets.keySet())) {
            RelayOutlet o = outlets.get(k);
            if (o.expired(now, INTEREST_TTL_MILLIS) || source(k.cameraId(), k.kind()).orElse(null) != o.source()) {
                close(k);
            }
        }
    }

    /** Outlets open now (for tests and metrics): video this node sends to others. */
    int outlets() {
        return outlets.size();
    }

    @Override
    public void close() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            consumers.forEach(MessageConsumer::unregister);
            List.copyOf(outlets.keySet()).forEach(this::close);
            watched.keySet().forEach(c -> interest(c, RelayMessage.Kind.PICTURES, false));
            hls.keySet().forEach(c -> interest(c, RelayMessage.Kind.FRAGMENTS, false));
            done.complete(null);
        });
        try {
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("live.relay.close.failed", "error", e.toString());
        }
    }
}
