package nl.poortwachter.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Purpose;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.cameras.CameraPath;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.LiveStream;
import nl.poortwachter.recorder.fanout.ServedFeed;

/**
 * Live view, from the one connection the recorder holds to each camera (viewers never open another):
 * <ul>
 *   <li>{@code GET /api/v1/cameras/{id}/live} as a WebSocket: picture by picture, for Media Source Extensions
 *       ({@link LiveViewer});</li>
 *   <li>{@code GET /api/v1/cameras/{id}/live.m3u8} and {@code .../live/{file}}: live HLS from the recording
 *       fragments, for browsers without MSE (iPhone Safari); seconds behind, not sub-second.</li>
 * </ul>
 * Both need the live permission for the camera and take an optional {@code purpose} / {@code caseNumber}
 * (else the configured default, and both entries of the view say {@code purpose=default}), and {@code stream=sub} for
 * the camera's sub-stream where it has one (D89: from a live-only session; both entries say {@code stream=sub}).
 * {@code GET /api/v1/live/options} tells the pages whether to ask the viewer's purpose first. A view is in the audit
 * log before the first picture goes out; its end is written when the socket closes, or for HLS when the player has
 * stopped asking for {@value #HLS_IDLE_MILLIS} ms. An HLS view is one login session's stretch of requests for a camera
 * (D16): a fragment request extends that login session's view, or starts (and logs) one, so whoever receives video has
 * an entry of their own (D34).
 */
public final class LiveRoutes implements AutoCloseable {
    public static final String BASE = "/api/v1/cameras/{id}";
    static final long HLS_IDLE_MILLIS = 30_000;
    private static final long HLS_FIRST_WAIT_MILLIS = 10_000;
    private static final Pattern HLS_MEDIA = Pattern.compile("(?:init-([1-9][0-9]{0,8})\\.mp4|([1-9][0-9]{0,17})\\.m4s)");

    private final Vertx vertx;
    private final Recorder recorder;
    private final Blocking blocking;
    private final AuditLog audit;
    private final LiveMetrics metrics;
    private final String defaultPurpose;
    private final boolean askPurpose;
    private final Clock clock;
    private final Map<String, HlsWindow> windows = new ConcurrentHashMap<>();
    /** HLS views per login session and camera: a view is one stretch of playlist requests. */
    private final Map<String, HlsView> hlsViews = new ConcurrentHashMap<>();
    private final long sweepTimer;

    private record HlsView(AuditLog.LiveView view, long[] lastSeen) {
    }

    /**
     * @param feed   the WebSocket viewer's feed; null for HLS
     * @param stream which of the camera's streams is served (D89)
     * @param nodes  which node serves and which records, in a cluster (D76); null on one node
     */
    private record Target(LiveFeed feed, LiveStream stream, String regime, String nodes) {
    }

    /** Whether the user behind a request may still watch the camera (checked while the view lasts). */
    @FunctionalInterface
    public interface StillAllowed {
        boolean check(Exchange ex, String cameraId);
    }

    private final StillAllowed stillAllowed;
    /** Cameras recorded by other nodes of a cluster (D76); null on the embedded single node. */
    private final LiveRelay relay;

    /**
     * @param defaultPurpose the purpose a view is logged with when the viewer states none
     * @param askPurpose     whether the live pages ask the viewer's purpose before a view starts
     * @param relay          live video of cameras other nodes record; null on the embedded single node
     */
    public LiveRoutes(Vertx vertx, Recorder recorder, Blocking blocking, AuditLog audit, LiveMetrics metrics,
                      String defaultPurpose, boolean askPurpose, StillAllowed stillAllowed, Clock clock,
                      LiveRelay relay) {
        this.vertx = vertx;
        this.relay = relay;
        this.stillAllowed = stillAllowed;
        this.recorder = recorder;
        this.blocking = blocking;
        this.audit = audit;
        this.metrics = metrics;
        this.defaultPurpose = defaultPurpose;
        this.askPurpose = askPurpose;
        this.clock = clock;
        this.sweepTimer = vertx.setPeriodic(5_000, id -> sweepIdleHls());
    }

    public void register(Router router) {
        router.get("/api/v1/live/options", Access.of(Permission.LIVE, "live.options"), this::options)
                .get(BASE + "/live", Access.of(Permission.LIVE, "live").camera("id"), this::webSocket)
                .get(BASE + "/live.m3u8", Access.of(Permission.LIVE, "live.hls").camera("id"), this::hlsPlaylist)
                .get(BASE + "/live/{file}", Access.of(Permission.LIVE, "live.hls").camera("id"), this::hlsMedia);
    }

    /** What the live pages need before a view starts: whether to ask the purpose, and the default one. */
    private Future<Reply> options(Exchange ex) {
        return Future.succeededFuture(Reply.ok(Map.of("askPurpose", askPurpose, "defaultPurpose", defaultPurpose)));
    }

    /** The purpose a view is logged with; {@code byDefault} when the viewer stated none and the default stands in. */
    private record Stated(Purpose purpose, boolean byDefault) {
    }

    private Stated purpose(Exchange ex) {
        String text = ex.query("purpose");
        String caseNumber = ex.query("caseNumber");
        if (text == null && caseNumber == null) {
            return new Stated(Purpose.of(defaultPurpose, null), true);
        }
        String problem = Purpose.problem(text, caseNumber);
        if (problem != null) {
            throw ApiException.badRequest("purpose_invalid", "purpose", problem);
        }
        return new Stated(Purpose.of(text, caseNumber), false);
    }

    private Future<AuditLog.LiveView> started(Exchange ex, Target t, String id, Stated purpose, Context context) {
        return Future.fromCompletionStage(audit.liveStarted(ex.auditContext(), id, t.regime(), purpose.purpose(),
                purpose.byDefault(), t.stream() == LiveStream.sub, t.nodes()), context);
    }

    /**
     * The camera's regime, which stream is served and, in a cluster, where the view is served and recorded; blocks on
     * the database.
     */
    private Target target(String id, LiveFeed feed, LiveStream stream) {
        String regime = recorder.camera(id).map(CameraView::legalRegime).orElse(null);
        return new Target(feed, stream, regime, relay == null ? null : relay.placement(recorder.recordingNode(id)));
    }

    /** The key of a live HLS window, and of an HLS view: the camera and, for its sub-stream, {@code #sub}. */
    private static String windowKey(String id, LiveStream stream) {
        return stream == LiveStream.sub ? id + "#sub" : id;
    }

    /**
     * The stream the viewer asks for: {@code main} (the default) or {@code sub}, the camera's smaller stream for large
     * grids (D89), which falls back to {@code main} where the camera has none.
     */
    private static LiveStream stream(Exchange ex) {
        String s = ex.query("stream");
        if (s == null || s.equals("main")) {
            return LiveStream.main;
        }
        if (s.equals("sub")) {
            return LiveStream.sub;
        }
        throw ApiException.badRequest("invalid_field", "stream", "'stream' must be 'main' or 'sub'");
    }

    private Future<Reply> webSocket(Exchange ex) {
        if (!ex.isWebSocketUpgrade()) {
            throw ApiException.badRequest("websocket_required", null,
                    "open this URL as a WebSocket (live view with Media Source Extensions), or use live.m3u8 (HLS)");
        }
        String id = CameraPath.id(ex);
        Stated purpose = purpose(ex);
        LiveStream wanted = stream(ex);
        Context context = vertx.getOrCreateContext();
        return blocking.call(() -> {
            ServedFeed served = recorder.liveFeed(id, wanted).orElseThrow(() -> ApiException.notFound("no such camera"));
            return target(id, served.feed(), served.stream());
        }).compose(t -> started(ex, t, id, purpose, context)
                .compose(view -> ex.acceptWebSocket()
                        .onFailure(e -> view.end())
                        .map(ws -> {
                            ex.limitSendBuffer(LiveViewer.SOCKET_SEND_BUFFER);
                            LiveViewer.start(ws, context, new ServedFeed(t.feed(), t.stream()), id, view, metrics,
                                    clock::millis, () -> stillAllowed.check(ex, id));
                            if (relay != null && t.stream() == LiveStream.main) {
                                // after the viewer subscribed: the feed has a viewer. A sub-stream is served by the
                                // node the viewer is on, from its own session (D89).
                                relay.watch(id, t.feed());
                            }
                            return Reply.upgraded();
                        })));
    }

    /** A live HLS window and which of the camera's streams it holds. */
    private record Window(HlsWindow window, LiveStream stream) {
    }

    private Future<Reply> hlsPlaylist(Exchange ex) {
        String id = CameraPath.id(ex);
        Stated purpose = purpose(ex);
        LiveStream wanted = stream(ex);
        Context context = vertx.getOrCreateContext();
        return blocking.call(() -> {
            // The sub-stream where asked for and configured (D89; asking keeps its session running), else the
            // recording's fragments.
            Optional<FragmentBus> sub = wanted == LiveStream.sub ? recorder.subStreamFragments(id) : Optional.empty();
            LiveStream served = sub.isPresent() ? LiveStream.sub : LiveStream.main;
            FragmentBus bus = sub.or(() -> recorder.liveFragments(id))
                    .or(() -> relay == null ? Optional.empty() : recorder.recordingNode(id).map(n -> relay.fragments(id)))
                    .orElseThrow(() -> new ApiException(503, "camera_not_recording", null,
                            "camera '" + id + "' is not recording now"));
            HlsWindow w = windows.compute(windowKey(id, served), (k, old) -> {
                if (old != null && old.bus() == bus) {
                    return old;
                }
                if (old != null) {
                    old.close(); // the camera's pipeline was restarted (edited, paused): follow the new one
                }
                return new HlsWindow(bus, served == LiveStream.sub ? "?stream=sub" : "", clock.millis());
            });
            w.touch(clock.millis());
            return new Window(w, served);
        }).compose(w -> hlsView(ex, id, w.stream(), purpose, context).map(v -> w.window()))
                .compose(w -> whenFilled(w, context))
                .map(w -> Reply.of(200, "application/vnd.apple.mpegurl", Buffer.buffer(w.playlist())));
    }

    /**
     * This login session's HLS view of the camera's stream: extended when there is one, else started and logged first.
     */
    private Future<Void> hlsView(Exchange ex, String id, LiveStream stream, Stated purpose, Context ctx) {
        String key = ex.principal().sessionRef() + "/" + windowKey(id, stream);
        HlsView existing = hlsViews.get(key);
        if (existing != null) {
            existing.lastSeen()[0] = clock.millis();
            return Future.succeededFuture();
        }
        return blocking.call(() -> target(id, null, stream))
                .compose(t -> started(ex, t, id, purpose, ctx))
                .map(view -> {
                    HlsView v = new HlsView(view, new long[] {clock.millis()});
                    if (hlsViews.putIfAbsent(key, v) != null) {
                        view.end(); // two first requests raced: keep one view
                    }
                    return null;
                });
    }

    /** A new window has no fragments yet: the first playlist waits (without blocking) until it has two. */
    private Future<HlsWindow> whenFilled(HlsWindow w, Context context) {
        if (w.size() >= 2) {
            return Future.succeededFuture(w);
        }
        Promise<HlsWindow> p = Promise.promise();
        long deadline = clock.millis() + HLS_FIRST_WAIT_MILLIS;
        context.owner().setPeriodic(200, timer -> {
            if (w.size() >= 2) {
                context.owner().cancelTimer(timer);
                p.tryComplete(w);
            } else if (clock.millis() > deadline) {
                context.owner().cancelTimer(timer);
                p.tryFail(new ApiException(503, "no_live_video", null, "the camera sends no video now; try again later"));
            }
        });
        return p.future();
    }

    private Future<Reply> hlsMedia(Exchange ex) {
        String id = CameraPath.id(ex);
        Matcher m = HLS_MEDIA.matcher(ex.pathParam("file"));
        LiveStream stream = stream(ex);
        HlsWindow w = windows.get(windowKey(id, stream));
        if (!m.matches() || w == null) {
            throw ApiException.notFound("no such live media; load live.m3u8 again");
        }
        var bytes = m.group(1) != null ? w.init(Integer.parseInt(m.group(1))) : w.fragment(Long.parseLong(m.group(2)));
        byte[] b = bytes.orElseThrow(() -> ApiException.notFound("no longer in the live window; load live.m3u8 again"));
        Stated purpose = purpose(ex);
        w.touch(clock.millis());
        // Whoever receives video has a view of their own, logged before the first bytes go out.
        return hlsView(ex, id, stream, purpose, vertx.getOrCreateContext())
                .map(v -> Reply.of(200, "video/mp4", Buffer.buffer(b)));
    }

    private void sweepIdleHls() {
        long now = clock.millis();
        windows.entrySet().removeIf(e -> {
            boolean idle = now - e.getValue().lastRequestMillis() > HLS_IDLE_MILLIS;
            if (idle) {
                e.getValue().close();
            }
            return idle;
        });
        hlsViews.entrySet().removeIf(e -> {
            boolean idle = now - e.getValue().lastSeen()[0] > HLS_IDLE_MILLIS;
            if (idle) {
                e.getValue().view().end();
            }
            return idle;
        });
    }

    /** Gateway stopping: HLS views end (WebSocket views end as their sockets close). */
    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
        windows.values().forEach(HlsWindow::close);
        windows.clear();
        hlsViews.values().forEach(v -> v.view().end());
        hlsViews.clear();
    }
}
