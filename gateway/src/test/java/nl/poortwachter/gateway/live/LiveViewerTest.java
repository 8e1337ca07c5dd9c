package nl.poortwachter.gateway.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.poortwachter.gateway.audit.Actor;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.AuditWriter;
import nl.poortwachter.gateway.audit.Origin;
import nl.poortwachter.gateway.audit.Purpose;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.audit.TraceContext;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.LiveStream;
import nl.poortwachter.recorder.fanout.ServedFeed;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.TestVideo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live viewer over a real WebSocket (Vert.x server, JDK client), fed by a real {@link LiveFeed}: the init
 * segment before the pictures, a start at a keyframe, each picture framed with its arrival time, a viewer that cannot
 * keep up skipping to the next keyframe with every skipped picture counted, and every way a view ends writing its
 * audit entry once and leaving nothing subscribed.
 */
class LiveViewerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InitSegment INIT = TestVideo.init();

    @TempDir
    Path dir;
    private Vertx vertx;
    private HttpServer server;
    private LiveFeed feed;
    private SimpleMeterRegistry registry;
    private LiveMetrics metrics;
    private AuditStore store;
    private AuditWriter writer;
    private AuditLog audit;
    private final AtomicBoolean allowed = new AtomicBoolean(true);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        feed = new LiveFeed();
        registry = new SimpleMeterRegistry();
        metrics = new LiveMetrics(registry);
        store = new AuditStore(dir.resolve("audit.db"));
        writer = new AuditWriter(store, SigningKey.loadOrCreate(dir.resolve("keys")), Clock.systemUTC(), 1000,
                Duration.ofHours(1));
        audit = new AuditLog(writer, Clock.systemUTC(), r -> "urn:test:" + r, Map.of("name", "test", "version", "t"));
        AuditContext olga = new AuditContext(new Actor("id-olga", "olga", "operator"), new Origin("192.0.2.7", "Test/1"),
                TraceContext.root());
        server = vertx.createHttpServer().requestHandler(request -> request.toWebSocket().onSuccess(ws -> {
            AuditLog.LiveView view = audit.liveStarted(olga, "gate", "avg-building-security",
                    Purpose.of("toezicht", null)).join();
            LiveViewer.start(ws, vertx.getOrCreateContext(), new ServedFeed(feed, LiveStream.main), "gate", view, metrics, System::currentTimeMillis,
                    allowed::get);
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        writer.close();
        store.close();
    }

    /** Picture {@code n}: its number in the first four bytes of its payload, {@code size} bytes in all. */
    private static Fragment picture(String session, InitSegment init, int n, boolean keyframe, int size) {
        byte[] bytes = ByteBuffer.allocate(Math.max(size, 4)).putInt(n).array();
        return new Fragment(session, init, n, n * 3600L, 3600, keyframe, 1_780_000_000_000L + n * 40L, 1, bytes);
    }

    private static Fragment picture(int n, boolean keyframe) {
        return picture("s1", INIT, n, keyframe, 16);
    }

    /** What a viewer got, in order: JSON texts and binary messages (time prefix and payload). */
    private static final class Viewer implements WebSocket.Listener {
        final List<Object> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        final boolean reading;
        WebSocket socket;

        Viewer(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            if (reading) {
                ws.request(Long.MAX_VALUE);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    messages.add(e);
                }
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.write(b, 0, b.length);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        List<byte[]> binaries() {
            return messages.stream().filter(m -> m instanceof byte[]).map(m -> (byte[]) m).toList();
        }

        List<String> types() {
            return messages.stream().filter(m -> m instanceof JsonNode).map(m -> ((JsonNode) m).path("type").asText())
                    .toList();
        }

        /** The picture numbers received (init segments, with their zero time, left out). */
        List<Integer> pictures() {
            return binaries().stream().filter(b -> ByteBuffer.wrap(b).getLong() != 0)
                    .map(b -> ByteBuffer.wrap(b).getInt(8)).toList();
        }
    }

    private Viewer watch(boolean reading) throws Exception {
        Viewer v = new Viewer(reading);
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + "/live"), v).get(30, TimeUnit.SECONDS);
        return v;
    }

    private double dropped() {
        var c = registry.find("live.chunks.dropped").tag("camera", "gate").counter();
        return c == null ? 0 : c.count();
    }

    private List<AuditEntry> entries() {
        List<AuditEntry> out = new ArrayList<>();
        store.forEachEntry(out::add);
        return out;
    }

    private void awaitSubscribed() throws InterruptedException {
        Await.until(PATIENCE, "the viewer subscribed", () -> feed.viewers() == 1);
    }

    /** The view's end is in the audit log once, and nothing of it is left subscribed or counted. */
    private void assertEndedOnce() throws InterruptedException {
        Await.until(PATIENCE, () -> "live.end in " + entries(),
                () -> entries().stream().anyMatch(e -> e.action().equals("live.end")));
        assertEquals(1, entries().stream().filter(e -> e.action().equals("live.end")).count(), "ended once");
        assertEquals(0, feed.viewers(), "unsubscribed");
        Await.until(PATIENCE, "no viewer counted", () -> metrics.viewers() == 0);
    }

    @Test
    void theInitSegmentComesFirstThenPicturesFromAKeyframeEachWithItsArrivalTime() throws Exception {
        Viewer v = watch(true);
        awaitSubscribed();
        for (int n = 1; n <= 4; n++) {
            feed.accept(picture(n, n == 2));
        }
        Await.until(PATIENCE, "three pictures", () -> v.pictures().size() == 3);
        JsonNode init = (JsonNode) v.messages.get(0);
        assertEquals("init", init.path("type").asText());
        assertEquals(INIT.config().codecString(), init.path("codec").asText());
        assertEquals(1920, init.path("width").asInt());
        assertEquals(1080, init.path("height").asInt());
        byte[] initMessage = (byte[]) v.messages.get(1);
        assertEquals(0, ByteBuffer.wrap(initMessage).getLong(), "the init segment's time is zero");
        assertArrayEquals(INIT.bytes(), java.util.Arrays.copyOfRange(initMessage, 8, initMessage.length));
        assertEquals(List.of(2, 3, 4), v.pictures(), "picture 1 came before any keyframe");
        byte[] second = v.binaries().get(1);
        assertEquals(picture(2, true).wallClockMillis(), ByteBuffer.wrap(second).getLong());
        assertArrayEquals(picture(2, true).bytes(), java.util.Arrays.copyOfRange(second, 8, second.length));
        assertEquals(0.0, dropped(), "waiting for the first keyframe is starting, not skipping");
    }

    @Test
    void newParametersAndANewSessionAreToldAndPlayResumesAtAKeyframe() throws Exception {
        Viewer v = watch(true);
        awaitSubscribed();
        feed.accept(picture(1, true));
        InitSegment other = TestVideo.init(1280, 720, "68ce3c80");
        feed.accept(picture("s1", other, 2, false, 16)); // new parameters without a keyframe: not playable yet
        feed.accept(picture("s1", other, 3, true, 16));
        feed.endSession("s1");
        feed.accept(picture("s2", other, 4, false, 16));
        feed.accept(picture("s2", other, 5, true, 16));
        Await.until(PATIENCE, "pictures 1, 3 and 5", () -> v.pictures().size() == 3);
        assertEquals(List.of(1, 3, 5), v.pictures());
        assertEquals(List.of("init", "init", "ended"), v.types());
        assertEquals(720, ((JsonNode) v.messages.stream().filter(m -> m instanceof JsonNode).toList().get(1)).path("height").asInt());
        // Order: the second init (text and segment) comes right before picture 3.
        int secondInit = v.messages.indexOf(v.messages.stream().filter(m -> m instanceof JsonNode).toList().get(1));
        assertArrayEquals(other.bytes(), java.util.Arrays.copyOfRange((byte[]) v.messages.get(secondInit + 1), 8,
                ((byte[]) v.messages.get(secondInit + 1)).length));
        assertEquals(3, ByteBuffer.wrap((byte[]) v.messages.get(secondInit + 2)).getInt(8));
    }

    private double sent() {
        var c = registry.find("live.chunks.sent").counter();
        return c == null ? 0 : c.count();
    }

    /**
     * Hands the feed picture {@code n} (a keyframe every 25) and waits until the viewer has sent or skipped it: one
     * at a time, so the feed's own queue never overflows and every skip is the socket's.
     */
    private void publishHandled(int n) throws InterruptedException {
        double before = sent() + dropped();
        feed.accept(picture("s1", INIT, n, n % 25 == 1, 256 * 1024));
        Await.until(PATIENCE, "picture " + n + " handled", () -> sent() + dropped() == before + 1);
    }

    @Test
    void aViewerThatCannotKeepUpSkipsToTheNextKeyframeAndEverySkipIsCounted() throws Exception {
        Viewer v = watch(false); // reads nothing until told
        awaitSubscribed();
        int n = 0;
        while (dropped() == 0 && n < 400) { // 256 KiB pictures: the socket's buffers fill within a few dozen
            publishHandled(++n);
        }
        assertTrue(dropped() > 0, "the stuck viewer skipped pictures");
        for (int i = 0; i < 30; i++) {
            publishHandled(++n);
        }
        v.socket.request(Long.MAX_VALUE);
        for (int i = 0; i < 60; i++) { // reading again: play resumes, at a keyframe
            publishHandled(++n);
        }
        int published = n;
        Await.until(PATIENCE, () -> v.pictures().size() + " received of " + sent() + " sent",
                () -> v.pictures().size() == sent());
        List<Integer> got = v.pictures();
        assertEquals(published, got.size() + (int) dropped(), "every picture is either received or counted as skipped");
        assertTrue(got.get(got.size() - 1) > published - 25, "play resumed: " + got);
        int previous = 0;
        for (int k : got) {
            assertTrue(k > previous, "in order: " + got);
            if (k != previous + 1) {
                assertEquals(1, k % 25, "after a gap, play resumes at a keyframe: " + k + " after " + previous);
            }
            previous = k;
        }
    }

    @Test
    void theViewerClosing() throws Exception {
        Viewer v = watch(true);
        awaitSubscribed();
        v.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
        assertEndedOnce();
    }

    @Test
    void theCameraRemoved() throws Exception {
        Viewer v = watch(true);
        awaitSubscribed();
        feed.close();
        assertEquals(1000, v.closed.get(30, TimeUnit.SECONDS));
        assertEquals(List.of("removed"), v.types());
        assertEndedOnce();
    }

    @Test
    void aCameraRemovedBeforeTheViewerSubscribed() throws Exception {
        feed.close();
        Viewer v = watch(true);
        v.closed.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("removed"), v.types());
        assertEndedOnce();
    }

    @Test
    void accessWithdrawnDuringTheView() throws Exception {
        Viewer v = watch(true);
        awaitSubscribed();
        allowed.set(false);
        assertEquals(LiveViewer.CLOSE_UNAUTHORISED, v.closed.get(30, TimeUnit.SECONDS), "within the check interval");
        assertEquals(List.of("unauthorised"), v.types());
        assertEndedOnce();
    }
}
