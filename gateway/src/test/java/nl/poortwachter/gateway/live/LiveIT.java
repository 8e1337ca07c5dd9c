package nl.poortwachter.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live view against a running gateway recording the simulator: WebSocket viewers get an init segment and then
 * pictures from a keyframe, share the recorder's one camera connection, are logged (start, end, purpose),
 * are refused without a grant, learn that an H.265 passthrough camera is H.265, and are told when a camera is
 * removed; live HLS plays in FFmpeg.
 */
class LiveIT {
    @TempDir
    static Path tmp;
    static CameraSimulator sim;
    static Gateway gateway;
    static Http integrator;
    static Http auditor;
    static String operatorToken;
    static String outsiderToken;

    @BeforeAll
    static void start() throws Exception {
        sim = CameraSimulator.start();
        GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                        + "passthrough: {allowCameras: [gate, hevc, temp]}\n" + Logins.FAST_AUTH,
                "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
        gateway = Gateway.start(config);
        Http http = new Http(gateway.baseUrl());
        integrator = Logins.user(http, "integrator", "integrator", List.of());
        addCamera("gate", CameraSimulator.SMALL, "passthrough");
        addCamera("hevc", CameraSimulator.H265, "passthrough");
        Logins.user(http, "olga", "operator", List.of("gate", "hevc", "temp"));
        operatorToken = Logins.token(http, "olga", Logins.password("olga"));
        Logins.user(http, "otto", "operator", List.of());
        outsiderToken = Logins.token(http, "otto", Logins.password("otto"));
        auditor = Logins.user(http, "aud", "auditor", List.of());
        waitFor(() -> streaming("gate") && streaming("hevc"), 30, "cameras streaming: " + state("gate") + " " + state("hevc"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    static void addCamera(String id, String path, String mode) throws Exception {
        ObjectNode cam = Http.JSON.createObjectNode();
        cam.put("id", id);
        cam.put("name", "Camera " + id);
        cam.put("url", sim.url(path));
        cam.put("mode", mode);
        cam.put("legalRegime", "avg-building-security");
        var r = integrator.post("/api/v1/cameras", cam);
        assertEquals(201, r.statusCode(), r.body());
    }

    static String state(String id) {
        try {
            return Http.json(integrator.get("/api/v1/cameras/" + id)).path("status").toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static boolean streaming(String id) {
        return state(id).contains("\"streaming\"");
    }

    private static int smallMountSessions() {
        try {
            return sim.stats().path("per_mount").path(CameraSimulator.SMALL).asInt(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static void waitFor(Await.Condition condition, int seconds, String what) throws InterruptedException {
        Await.until(Duration.ofSeconds(seconds), what, condition);
    }

    /** A WebSocket viewer collecting what the gateway sends. */
    static final class Viewer implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<byte[]> binaries = new CopyOnWriteArrayList<>();
        /** Per picture: receive time minus the time it reached the gateway, in ms. */
        final List<Long> ages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                texts.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                byte[] message = binary.toByteArray();
                binaries.add(message);
                if (wallClock(message) != 0) {
                    ages.add(System.currentTimeMillis() - wallClock(message));
                }
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        long pictures() {
            return binaries.stream().filter(b -> wallClock(b) != 0).count();
        }
    }

    static Viewer watch(String token, String camera, String query) {
        Viewer v = new Viewer();
        String url = gateway.baseUrl().replace("http://", "ws://") + "/api/v1/cameras/" + camera + "/live" + query;
        v.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url), v).join();
        return v;
    }

    static long wallClock(byte[] message) {
        return ByteBuffer.wrap(message).getLong(0);
    }

    static String box(byte[] message) {
        return new String(message, 12, 4, StandardCharsets.US_ASCII);
    }

    /** The first sample's flags in a one-picture fragment (after our 8-byte time prefix). */
    static int firstSampleFlags(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int trun = s.indexOf("trun");
        assertTrue(trun > 0, "a moof with a trun");
        ByteBuffer b = ByteBuffer.wrap(message);
        assertEquals(1, b.getInt(trun + 8), "one picture per message");
        return b.getInt(trun + 8 + 4 + 4 + 4 + 4);
    }

    static JsonNode audit(String action) throws Exception {
        return Http.json(auditor.get("/api/v1/audit/entries?action=" + action)).path("entries");
    }

    static long countBy(JsonNode entries, String user) {
        long n = 0;
        for (JsonNode e : entries) {
            n += e.toString().contains("\"" + user + "\"") ? 1 : 0;
        }
        return n;
    }

    @Test
    void viewersGetInitThenPicturesFromAKeyframeOverTheOneCameraConnection() throws Exception {
        // The simulator rewrites its stats file every 0.5 s: a camera that has just started streaming may not be in it yet.
        waitFor(() -> smallMountSessions() == 1, 5, "the recorder's own connection");
        long startsBefore = countBy(audit("live.start"), "olga");
        Viewer a = watch(operatorToken, "gate", "");
        Viewer b = watch(operatorToken, "gate", "?purpose=" + java.net.URLEncoder.encode("incident Markt", StandardCharsets.UTF_8)
                + "&caseNumber=PL-2026-17");
        waitFor(() -> a.pictures() >= 30 && b.pictures() >= 30, 20, "pictures: " + a.pictures() + " " + b.pictures());
        for (Viewer v : List.of(a, b)) {
            JsonNode init = Http.JSON.readTree(v.texts.get(0));
            assertEquals("init", init.path("type").asText());
            assertTrue(init.path("codec").asText().startsWith("avc1."), init.toString());
            assertEquals(640, init.path("width").asInt());
            assertEquals(360, init.path("height").asInt());
            assertEquals(0, wallClock(v.binaries.get(0)), "the init segment has no time");
            assertEquals("ftyp", box(v.binaries.get(0)));
            byte[] first = v.binaries.get(1);
            assertEquals("moof", box(first));
            assertEquals(0x02000000, firstSampleFlags(first), "the first picture is a keyframe");
            long age = System.currentTimeMillis() - wallClock(v.binaries.get(v.binaries.size() - 1));
            assertTrue(age >= 0 && age < 3000, "the newest picture is live: " + age + " ms old");
        }
        assertEquals(1, sim.freshStats().path("per_mount").path(CameraSimulator.SMALL).asInt(-1),
                "viewers opened no connection to the camera: " + sim.stats());
        System.out.println("ages at receipt (ms): " + a.ages);
        a.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        b.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        waitFor(() -> {
            try {
                return countBy(audit("live.end"), "olga") >= 2;
            } catch (Exception e) {
                return false;
            }
        }, 10, "live.end logged");
        JsonNode starts = audit("live.start");
        assertEquals(startsBefore + 2, countBy(starts, "olga"));
        String all = starts.toString();
        assertTrue(all.contains("Cameratoezicht: live meekijken"), "the default purpose: " + all);
        assertTrue(all.contains("incident Markt") && all.contains("PL-2026-17"), "the stated purpose: " + all);
        // The log tells a filled-in purpose from a stated one: only the view without one says purpose=default.
        for (JsonNode e : starts) {
            if (e.path("actorName").asText().equals("olga")) {
                boolean byDefault = e.path("purpose").asText().equals("Cameratoezicht: live meekijken");
                assertEquals(byDefault ? "purpose=default" : "", e.path("detail").asText(), e.toString());
            }
        }
    }

    @Test
    void refusedWithoutAGrantOrWithoutAnUpgrade() throws Exception {
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> watch(outsiderToken, "gate", ""));
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        String refusals = audit("live").toString();
        assertTrue(refusals.contains("otto") && refusals.contains("no_grant"), "the refusal is in the audit log: " + refusals);
        Http operator = new Http(gateway.baseUrl()).as(operatorToken);
        var plain = operator.get("/api/v1/cameras/gate/live");
        assertEquals(400, plain.statusCode(), plain.body());
        assertTrue(plain.body().contains("websocket_required"), plain.body());
        CompletionException bad = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> watch(operatorToken, "gate", "?purpose=x"));
        assertEquals(400, ((WebSocketHandshakeException) bad.getCause()).getResponse().statusCode());
    }

    @Test
    void aViewerThatStopsReadingSkipsPicturesWithoutSlowingOthers() throws Exception {
        Viewer steady = watch(operatorToken, "gate", "");
        double droppedBefore = droppedMetric();
        try (java.net.Socket stuck = stuckViewer(operatorToken, "gate")) {
            waitFor(() -> droppedMetric() > droppedBefore, 60, "a stuck viewer is counted as dropping pictures");
            // Sixty pictures for the steady viewer, at a rate of at least 20 a second (the camera sends 25).
            int from = steady.binaries.size();
            long watched = System.nanoTime();
            waitFor(() -> steady.binaries.size() >= from + 60, 30, "sixty more pictures for the steady viewer");
            double seconds = (System.nanoTime() - watched) / 1e9;
            // A copy first: the viewer goes on adding, and a view of the list itself fails when iterated then.
            List<byte[]> received = List.copyOf(steady.binaries);
            List<byte[]> window = received.subList(from, received.size());
            assertTrue(window.size() / seconds >= 20, "the other viewer still gets every picture: " + window.size()
                    + " in " + seconds + " s");
            long previous = -1;
            for (byte[] m : window) {
                long seq = ByteBuffer.wrap(m).getInt(8 + 20) & 0xffffffffL; // prefix, moof header, mfhd header + flags
                if (previous >= 0) {
                    assertEquals(previous + 1, seq, "no picture skipped for the steady viewer");
                }
                previous = seq;
            }
            assertTrue(streaming("gate"), "the camera's ingest is unaffected: " + state("gate"));
        }
        steady.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    static double droppedMetric() {
        try {
            String metrics = integrator.get("/metrics").body();
            return metrics.lines().filter(l -> l.startsWith("live_chunks_dropped_total{") && l.contains("camera=\"gate\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A WebSocket client that completes the handshake, then never reads again (a tiny receive buffer). */
    static java.net.Socket stuckViewer(String token, String camera) throws Exception {
        URI base = URI.create(gateway.baseUrl());
        java.net.Socket s = new java.net.Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
        String request = "GET /api/v1/cameras/" + camera + "/live HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        int n = s.getInputStream().readNBytes(head, 0, head.length);
        assertEquals("HTTP/1.1 101", new String(head, 0, n, StandardCharsets.US_ASCII));
        return s;
    }

    @Test
    void loggingOutEndsARunningView() throws Exception {
        String token = Logins.token(new Http(gateway.baseUrl()), "olga", Logins.password("olga"));
        Viewer v = watch(token, "gate", "");
        waitFor(() -> v.pictures() >= 3, 20, "pictures");
        var out = new Http(gateway.baseUrl()).as(token).post("/api/v1/auth/logout", "{}");
        assertTrue(out.statusCode() == 204 || out.statusCode() == 200, out.body());
        assertEquals(4401, v.closed.get(15, TimeUnit.SECONDS), "closed as no longer allowed");
        assertTrue(v.texts.stream().anyMatch(t -> t.contains("\"unauthorised\"")), v.texts.toString());
    }

    @Test
    void anH265PassthroughCameraIsAnnouncedAsH265() throws Exception {
        Viewer v = watch(operatorToken, "hevc", "");
        waitFor(() -> v.pictures() >= 5, 20, "hevc pictures");
        JsonNode init = Http.JSON.readTree(v.texts.get(0));
        assertTrue(init.path("codec").asText().startsWith("hvc1."), "the page can tell the browser cannot play it: " + init);
        v.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void removingACameraTellsItsViewersAndClosesTheirSockets() throws Exception {
        addCamera("temp", CameraSimulator.SMALL, "passthrough");
        waitFor(() -> streaming("temp"), 30, "temp streaming");
        Viewer v = watch(operatorToken, "temp", "");
        waitFor(() -> v.pictures() >= 3, 20, "temp pictures");
        assertEquals(204, integrator.delete("/api/v1/cameras/temp").statusCode());
        v.closed.get(10, TimeUnit.SECONDS);
        assertTrue(v.texts.stream().anyMatch(t -> t.contains("\"removed\"")), v.texts.toString());
    }

    @Test
    void whoeverFetchesLiveHlsFragmentsHasALiveViewOfTheirOwn() throws Exception {
        Http olga = new Http(gateway.baseUrl()).as(operatorToken);
        var playlist = olga.get("/api/v1/cameras/gate/live.m3u8");
        assertEquals(200, playlist.statusCode(), playlist.body());
        List<String> fragments = playlist.body().lines().filter(l -> l.startsWith("live/")).toList();
        assertTrue(fragments.size() >= 2, playlist.body());
        // Another operator with a grant, who never asked for a playlist, fetches olga's fragments.
        Http oscar = Logins.user(new Http(gateway.baseUrl()), "oscar", "operator", List.of("gate"));
        long before = countBy(audit("live.start"), "oscar");
        int fetched = 0;
        for (int i = 0; i < 9; i++) {
            for (String f : fragments) {
                var r = oscar.send(oscar.request("/api/v1/cameras/gate/" + f).GET());
                fetched += r.statusCode() == 200 ? 1 : 0;
            }
        }
        assertTrue(fetched > 0, "fragments still in the window were served");
        assertEquals(before + 1, countBy(audit("live.start"), "oscar"),
                "one live view of oscar's own for all his fetches: " + audit("live.start"));
        JsonNode start = audit("live.start").get(0);
        assertEquals("oscar", start.path("actorName").asText(), start.toString());
        assertEquals("gate", start.path("objectId").asText());
        // A second login session of the same user is a view of its own (D16: a view is one session's requests).
        String second = Logins.token(new Http(gateway.baseUrl()), "oscar", Logins.password("oscar"));
        List<String> fresh = olga.get("/api/v1/cameras/gate/live.m3u8").body().lines()
                .filter(l -> l.startsWith("live/")).toList();
        var r = new Http(gateway.baseUrl()).as(second).get("/api/v1/cameras/gate/" + fresh.get(fresh.size() - 1));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before + 2, countBy(audit("live.start"), "oscar"));
    }

    @Test
    void liveHlsPlaysInFfmpeg() throws Exception {
        String url = gateway.baseUrl() + "/api/v1/cameras/gate/live.m3u8";
        Http operator = new Http(gateway.baseUrl()).as(operatorToken);
        var playlist = operator.get("/api/v1/cameras/gate/live.m3u8");
        assertEquals(200, playlist.statusCode(), playlist.body());
        assertTrue(playlist.body().contains("#EXT-X-MAP:URI=\"live/init-"), playlist.body());
        String out = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-headers",
                "Authorization: Bearer " + operatorToken + "\r\n", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", url));
        // The HLS demuxer lists the stream under its program too: every line must be the camera's stream.
        assertEquals(java.util.Set.of("h264,640,360"), out.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(java.util.stream.Collectors.toSet()), out);
    }
}
