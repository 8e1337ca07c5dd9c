package nl.poortwachter.gateway.live;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.http.VertxInternals;
import nl.poortwachter.gateway.json.Mappers;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.fanout.FragmentListener;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.LiveStream;
import nl.poortwachter.recorder.fanout.ServedFeed;
import nl.poortwachter.recorder.fanout.Subscription;
import nl.poortwachter.recorder.logging.Log;

/**
 * One browser watching one camera over a WebSocket (Media Source Extensions on the other side). Messages:
 * <ul>
 *   <li>text {@code {"type":"init","codec":"avc1.64002a","width":..,"height":..,"stream":"main"}}, then a binary
 *       message with the init segment: at the start and whenever the camera's session (and so the track) changes;
 *       {@code stream} says which of the camera's streams is served ({@code sub} only when asked for and configured,
 *       D89);</li>
 *   <li>binary: one picture as an fMP4 fragment (moof+mdat);</li>
 *   <li>text {@code {"type":"ended"}}: the camera's session ended, it is reconnecting;
 *       {@code {"type":"removed"}}: the camera was removed, the socket closes.</li>
 * </ul>
 * Every binary message starts with 8 bytes: the wall-clock time (epoch ms, big-endian) the picture reached the
 * gateway (0 for the init segment), so the page can measure its latency. Everything here runs on the socket's
 * event loop. A viewer whose socket cannot keep up skips to the next keyframe; it never slows the camera or
 * other viewers (the feed's queue per viewer is bounded, and so is the socket's write queue).
 */
final class LiveViewer implements FragmentListener {
    private static final Log LOG = Log.of(LiveViewer.class);
    /** Pictures queued for one viewer before it skips to the next keyframe: two seconds at 25 fps. */
    static final int QUEUE_PICTURES = 50;
    /** Bytes Netty may hold for one socket before we stop writing to it (a second of 4 Mbit/s video). */
    static final int WRITE_QUEUE_BYTES = 512 * 1024;
    /**
     * Pictures written but not yet taken by the kernel before we skip to the next keyframe: half a second at
     * 25 fps. Bounds a slow viewer's delay in time, whatever the bitrate (the byte bound alone is 8 s of a
     * 500 kbit/s stream).
     */
    static final int MAX_PICTURES_IN_FLIGHT = 12;
    /** The kernel's send buffer per live socket (see {@link nl.poortwachter.gateway.http.Exchange#limitSendBuffer}). */
    static final int SOCKET_SEND_BUFFER = 256 * 1024;
    /** How soon a logout or withdrawn grant ends a running view; also the keep-alive ping interval. */
    private static final long CHECK_MILLIS = 5_000;
    /** Close code for "no longer allowed" (4000-4999: for applications). */
    static final short CLOSE_UNAUTHORISED = 4401;

    private final ServerWebSocket ws;
    private final Context context;
    private final String cameraId;
    /** Which of the camera's streams this viewer gets (D89): the page asked for one, the init message says which. */
    private final LiveStream stream;
    private final AuditLog.LiveView view;
    private final LiveMetrics metrics;
    private final LongSupplier clock;
    private final BooleanSupplier stillAllowed;
    private Subscription subscription;
    private InitSegment sentInit;
    private boolean waitForKeyframe = true;
    private long reportedDrops;
    private long skipped;
    private int inFlight;
    private long pingTimer = -1;
    private boolean ended;

    private LiveViewer(ServerWebSocket ws, Context context, String cameraId, LiveStream stream, AuditLog.LiveView view,
                       LiveMetrics metrics, LongSupplier clock, BooleanSupplier stillAllowed) {
        this.stream = stream;
        this.stillAllowed = stillAllowed;
        this.ws = ws;
        this.context = context;
        this.cameraId = cameraId;
        this.view = view;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Call on the socket's event loop, right after the handshake. */
    static void start(ServerWebSocket ws, Context context, ServedFeed served, String cameraId, AuditLog.LiveView view,
                      LiveMetrics metrics, LongSupplier clock, BooleanSupplier stillAllowed) {
        LiveViewer v = new LiveViewer(ws, context, cameraId, served.stream(), view, metrics, clock, stillAllowed);
        LiveFeed feed = served.feed();
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        ws.closeHandler(x -> v.end());
        ws.exceptionHandler(t -> v.end());
        // The page sends nothing; whatever it sends is ignored rather than buffered.
        ws.handler(b -> { });
        metrics.viewerStarted();
        Executor onLoop = task -> context.runOnContext(x -> task.run());
        try {
            v.subscription = feed.subscribe(v, QUEUE_PICTURES, onLoop);
        } catch (IllegalStateException removed) {
            v.sendJson(Map.of("type", "removed"));
            ws.close();
            v.end();
            return;
        }
        v.pingTimer = context.owner().setPeriodic(CHECK_MILLIS, id -> v.check());
    }

    /**
     * Every few seconds: the view ends when the user's login session ended (logout, expiry, revoked) or the grant was
     * withdrawn; otherwise a ping keeps the connection through the server's idle timeout while a camera is offline.
     */
    private void check() {
        if (ended || ws.isClosed()) {
            return;
        }
        if (!stillAllowed.getAsBoolean()) {
            sendJson(Map.of("type", "unauthorised"));
            ws.close(CLOSE_UNAUTHORISED, "login session ended or access withdrawn");
            end();
            return;
        }
        ws.writePing(Buffer.buffer());
    }

    @Override
    public void onFragment(Fragment chunk) {
        if (ended || ws.isClosed()) {
            return;
        }
        reportSubscriptionDrops();
        if (chunk.init() != sentInit) {
            sendInit(chunk.init());
        }
        if (waitForKeyframe && !chunk.keyframe()) {
            skip();
            return;
        }
        if (ws.writeQueueFull() || inFlight >= MAX_PICTURES_IN_FLIGHT) {
            waitForKeyframe = true;
            skip();
            return;
        }
        waitForKeyframe = false;
        inFlight++;
        // Completes (on this event loop) when the kernel has taken the message.
        ws.writeBinaryMessage(framed(chunk.wallClockMillis(), chunk.bytes())).onComplete(ar -> inFlight--);
        metrics.sent(clock.getAsLong() - chunk.wallClockMillis());
    }

    @Override
    public void onSessionEnd(String sessionId) {
        if (!ended && !ws.isClosed()) {
            sendJson(Map.of("type", "ended"));
        }
        waitForKeyframe = true;
    }

    @Override
    public void onClosed() {
        if (!ended && !ws.isClosed()) {
            sendJson(Map.of("type", "removed"));
            ws.close();
        }
        end();
    }

    private void sendInit(InitSegment init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "init");
        m.put("codec", init.config().codecString());
        m.put("width", init.config().width());
        m.put("height", init.config().height());
        m.put("stream", stream.name());
        sendJson(m);
        ws.writeBinaryMessage(framed(0, init.bytes()));
        sentInit = init;
        waitForKeyframe = true;
    }

    private void sendJson(Map<String, ?> message) {
        try {
            ws.writeTextMessage(Mappers.JSON_OUT.writeValueAsString(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 8-byte time + payload, without copying the payload: viewers of one camera share the chunk's bytes. */
    private static Buffer framed(long wallClockMillis, byte[] payload) {
        return VertxInternals.wrap(Unpooled.wrappedBuffer(Unpooled.copyLong(wallClockMillis), Unpooled.wrappedBuffer(payload)));
    }

    private void skip() {
        skipped++;
        metrics.dropped(cameraId, 1);
    }

    private void reportSubscriptionDrops() {
        long d = subscription == null ? 0 : subscription.dropped();
        if (d > reportedDrops) {
            metrics.dropped(cameraId, d - reportedDrops);
            reportedDrops = d;
        }
    }

    /** Idempotent: socket closed, socket failed, camera removed or gateway stopping. Writes the audit end. */
    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (subscription != null) {
            reportSubscriptionDrops();
            subscription.close();
        }
        if (pingTimer >= 0) {
            context.owner().cancelTimer(pingTimer);
        }
        metrics.viewerEnded();
        long dropped = reportedDrops + skipped;
        view.end().whenComplete((e, t) -> {
            if (t != null) {
                LOG.error("live view end not written to the audit log", "camera", cameraId, "error", t.toString());
            }
        });
        LOG.debug("live view ended", "camera", cameraId, "skipped", dropped);
    }
}
