package nl.poortwachter.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N WebSocket viewers of one camera's live view, in this JVM on Vert.x (Netty: a few event-loop threads for all
 * of them, so that the client costs little of the machine the gateway runs on). Each reads every message as it
 * comes, and during a measurement window counts pictures, checks that the fragments' mfhd sequence numbers follow
 * each other (a gap is a picture the gateway skipped for this viewer), and records receive time minus the
 * 8-byte arrival time the gateway put in front of the picture ("gateway→client latency", same machine clock).
 */
final class LiveViewers implements AutoCloseable {
    /**
     * Latency histogram in whole ms from {@link #LOWEST} (the first and last buckets hold everything beyond). It
     * starts below zero: the gateway's time is mapped from the camera's media clock, anchored at the session's
     * first picture and re-anchored only beyond a second of drift, so it can run ahead of the real arrival.
     */
    private static final int LOWEST = -5_000;
    private static final int BUCKETS = 15_001;
    /** Connections opened at once: enough to be quick, few enough not to swamp the gateway's login checks. */
    private static final int CONNECT_BATCH = 50;

    private final WebSocketClient client;
    private final URI base;
    private final String token;
    private final String cameraId;
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private final AtomicIntegerArray latency = new AtomicIntegerArray(BUCKETS);
    private final AtomicLong latencyMax = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong latencyMin = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong negative = new AtomicLong();
    /**
     * Fan-out spread: per picture (by sequence number, all viewers watch the same camera session), how long after
     * the first viewer each viewer got it. Unlike the latency it needs no clock of the gateway's, so it is the
     * clean figure of what delivering to many costs (the bench client's own delays included).
     */
    private final AtomicIntegerArray spread = new AtomicIntegerArray(BUCKETS);
    private final AtomicLong spreadMax = new AtomicLong();
    private static final int SLOTS = 1024;
    private final long[] slotSequence = new long[SLOTS];
    private final long[] slotFirstNanos = new long[SLOTS];
    private volatile boolean measuring;

    LiveViewers(Vertx vertx, String baseUrl, String token, String cameraId) {
        // Keyframes are sent as one message; Vert.x's default message limit (256 KiB) is a 1080p I-frame or two.
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024).setConnectTimeout(30_000));
        this.base = URI.create(baseUrl);
        this.token = token;
        this.cameraId = cameraId;
    }

    /** What the viewers saw in one window. */
    record Window(int viewers, int open, int withoutPictures, double seconds, long pictures, long gaps, long missing,
                  long inits, long negativeLatencies, double min, double p50, double p95, double p99, double max,
                  double spreadP50, double spreadP95, double spreadP99, double spreadMax) {
        double picturesPerViewerPerSecond() {
            return viewers == 0 || seconds <= 0 ? 0 : pictures / (viewers * seconds);
        }
    }

    /** Opens viewers until {@code total} are open; returns how many are open (failures are logged, not fatal). */
    int openUpTo(int total) throws InterruptedException {
        List<String> errors = new CopyOnWriteArrayList<>();
        while (viewers.size() < total) {
            int batch = Math.min(CONNECT_BATCH, total - viewers.size());
            List<Future<WebSocket>> pending = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                pending.add(connect().onFailure(e -> errors.add(e.toString())));
            }
            Future.join(pending).toCompletionStage().toCompletableFuture().handle((x, e) -> null).join();
            if (!errors.isEmpty()) {
                Bench.log("viewer connections failed: " + errors.size() + ", first: " + errors.get(0));
                break;
            }
        }
        return open();
    }

    private Future<WebSocket> connect() {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/api/v1/cameras/" + cameraId + "/live").putHeader("Authorization", "Bearer " + token);
        return client.connect(o).onSuccess(ws -> {
            Viewer v = new Viewer(ws);
            ws.binaryMessageHandler(v::onBinary);
            ws.textMessageHandler(t -> { });
            ws.closeHandler(x -> v.open = false);
            ws.exceptionHandler(t -> v.open = false);
            viewers.add(v);
        });
    }

    int open() {
        return (int) viewers.stream().filter(v -> v.open).count();
    }

    /** Starts counting (after the warm-up: a new viewer first gets the pictures since the last keyframe at once). */
    void startWindow() {
        for (int i = 0; i < BUCKETS; i++) {
            latency.set(i, 0);
        }
        latencyMax.set(Long.MIN_VALUE);
        latencyMin.set(Long.MAX_VALUE);
        negative.set(0);
        for (int i = 0; i < BUCKETS; i++) {
            spread.set(i, 0);
        }
        spreadMax.set(0);
        for (Viewer v : viewers) {
            v.pictures.set(0);
            v.gaps.set(0);
            v.missing.set(0);
            v.inits.set(0);
        }
        measuring = true;
    }

    Window stopWindow(double seconds) {
        measuring = false;
        long pictures = 0;
        long gaps = 0;
        long missing = 0;
        long inits = 0;
        int without = 0;
        for (Viewer v : viewers) {
            pictures += v.pictures.get();
            gaps += v.gaps.get();
            missing += v.missing.get();
            inits += v.inits.get();
            if (v.pictures.get() == 0) {
                without++;
            }
        }
        return new Window(viewers.size(), open(), without, seconds, pictures, gaps, missing, inits, negative.get(),
                latencyMin.get() == Long.MAX_VALUE ? Double.NaN : latencyMin.get(), quantile(latency, LOWEST, 0.50),
                quantile(latency, LOWEST, 0.95), quantile(latency, LOWEST, 0.99),
                latencyMax.get() == Long.MIN_VALUE ? Double.NaN : latencyMax.get(),
                quantile(spread, 0, 0.50), quantile(spread, 0, 0.95), quantile(spread, 0, 0.99), spreadMax.get());
    }

    private static double quantile(AtomicIntegerArray histogram, int lowest, double q) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += histogram.get(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= rank) {
                return i + lowest;
            }
        }
        return BUCKETS - 1 + lowest;
    }

    /** Closes every viewer and waits (up to 30 s) for the sockets to be closed. */
    @Override
    public void close() throws InterruptedException {
        List<Future<Void>> closing = new ArrayList<>();
        for (Viewer v : viewers) {
            closing.add(v.ws.close());
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Bench.log("closing viewers: " + e);
        }
        viewers.clear();
    }

    /** Closes the client (its connections); the Vert.x instance is the caller's. */
    void shutdown() {
        client.close();
    }

    /** Ms since the first viewer got picture {@code sequence} (0 for the first). A lock: 12,500 calls/s is nothing. */
    private synchronized long behindFirstViewer(long sequence, long nanos) {
        int slot = (int) (sequence & (SLOTS - 1));
        if (slotSequence[slot] != sequence) {
            slotSequence[slot] = sequence;
            slotFirstNanos[slot] = nanos;
            return 0;
        }
        return TimeUnit.NANOSECONDS.toMillis(nanos - slotFirstNanos[slot]);
    }

    private final class Viewer {
        final WebSocket ws;
        volatile boolean open = true;
        // Written on this viewer's event loop only; read by the bench thread at the end of a window.
        final AtomicLong pictures = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong missing = new AtomicLong();
        final AtomicLong inits = new AtomicLong();
        long lastSequence = -1;

        Viewer(WebSocket ws) {
            this.ws = ws;
        }

        void onBinary(Buffer b) {
            long now = System.currentTimeMillis();
            long arrived = b.getLong(0);
            if (arrived == 0) {
                // An init segment: a new camera session, whose fragments count from 1 again.
                lastSequence = -1;
                if (measuring) {
                    inits.incrementAndGet();
                }
                return;
            }
            // 8-byte time, then moof: size, "moof", mfhd: size, "mfhd", version+flags, sequence number.
            long sequence = b.length() >= 32 ? b.getUnsignedInt(28) : -1;
            if (measuring) {
                pictures.incrementAndGet();
                if (lastSequence >= 0 && sequence != lastSequence + 1) {
                    gaps.incrementAndGet();
                    missing.addAndGet(Math.max(0, sequence - lastSequence - 1));
                }
                long ms = now - arrived;
                if (ms < 0) {
                    negative.incrementAndGet();
                }
                latency.incrementAndGet((int) Math.max(0, Math.min(BUCKETS - 1, ms - LOWEST)));
                latencyMax.accumulateAndGet(ms, Math::max);
                latencyMin.accumulateAndGet(ms, Math::min);
                long behindFirst = behindFirstViewer(sequence, System.nanoTime());
                spread.incrementAndGet((int) Math.min(BUCKETS - 1, behindFirst));
                spreadMax.accumulateAndGet(behindFirst, Math::max);
            }
            lastSequence = sequence;
        }
    }
}
