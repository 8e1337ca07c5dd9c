package nl.poortwachter.gateway.live;

import static nl.poortwachter.gateway.live.LiveIT.wallClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.LogCapture;
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
 * Camera sub-streams (D89) against the simulator: a camera records its 1920x1080 main stream while a viewer asking for
 * {@code stream=sub} gets its 640x360 sub-stream from a second, live-only connection, which stops after the last viewer
 * left and adds no index rows; a camera without one serves its main stream and says so; the view's entries say
 * {@code stream=sub}; the sub-stream's credentials are never in an API response nor in the log.
 */
class SubStreamIT {
    private static final String SUB_USER = "kijker";
    private static final String SUB_PASSWORD = "Kl31n-Sub!7";

    @TempDir
    static Path tmp;
    static LogCapture logs;
    static CameraSimulator sim;
    static Gateway gateway;
    static Http integrator;
    static Http operator;
    static String operatorToken;
    static Http auditor;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        sim = CameraSimulator.start();
        GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                        + "passthrough: {allowCameras: [wall, solo, desk, edit]}\n" + Logins.FAST_AUTH,
                "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
        gateway = Gateway.start(config);
        Http http = new Http(gateway.baseUrl());
        integrator = Logins.user(http, "integrator", "integrator", List.of());
        addCamera("wall", CameraSimulator.HIKVISION, subStreamWithCredentials(), true);
        addCamera("solo", CameraSimulator.H265, null, true);
        addCamera("desk", CameraSimulator.HIKVISION, subStreamWithCredentials(), false);
        ObjectNode noise = Http.JSON.createObjectNode().put("url", sim.url(CameraSimulator.NOISE));
        addCamera("edit", CameraSimulator.DAHUA, noise, true);
        Logins.user(http, "olga", "operator", List.of("wall", "solo", "edit"));
        operatorToken = Logins.token(http, "olga", Logins.password("olga"));
        operator = new Http(gateway.baseUrl()).as(operatorToken);
        auditor = Logins.user(http, "aud", "auditor", List.of());
        Await.until(Duration.ofSeconds(30), "cameras streaming", () -> streaming("wall") && streaming("solo"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
        logs.close();
    }

    private static ObjectNode subStreamWithCredentials() {
        ObjectNode sub = Http.JSON.createObjectNode();
        sub.put("url", sim.url(CameraSimulator.SMALL).replace("rtsp://", "rtsp://" + SUB_USER + ":" + SUB_PASSWORD + "@"));
        return sub;
    }

    static void addCamera(String id, String path, ObjectNode subStream, boolean recording) throws Exception {
        ObjectNode cam = Http.JSON.createObjectNode();
        cam.put("id", id);
        cam.put("name", "Camera " + id);
        cam.put("url", sim.url(path));
        cam.put("mode", "passthrough");
        cam.put("recording", recording);
        cam.put("legalRegime", "avg-building-security");
        if (subStream != null) {
            cam.set("subStream", subStream);
        }
        var r = integrator.post("/api/v1/cameras", cam);
        assertEquals(201, r.statusCode(), r.body());
        assertFalse(r.body().contains(SUB_PASSWORD) || r.body().contains(SUB_USER), r.body());
    }

    static boolean streaming(String id) throws Exception {
        return Http.json(integrator.get("/api/v1/cameras/" + id)).path("status").toString().contains("\"streaming\"");
    }

    /** The simulator's sessions on the mount, from a snapshot taken after this call (its file is 0.5 s stale at worst). */
    private static int sessionsOf(String mount) throws InterruptedException {
        return sim.freshStats().path("per_mount").path(mount).asInt(-1);
    }

    private static LiveIT.Viewer watch(String camera, String query) {
        LiveIT.Viewer v = new LiveIT.Viewer();
        String url = gateway.baseUrl().replace("http://", "ws://") + "/api/v1/cameras/" + camera + "/live" + query;
        v.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + operatorToken)
                .buildAsync(URI.create(url), v).join();
        return v;
    }

    private static List<JsonNode> entries(String action, String camera) throws Exception {
        JsonNode all = Http.json(auditor.get("/api/v1/audit/entries?action=" + action)).path("entries");
        List<JsonNode> found = new java.util.ArrayList<>();
        all.forEach(e -> {
            if (e.path("objectId").asText().equals(camera) && e.path("actorName").asText().equals("olga")) {
                found.add(e);
            }
        });
        return found;
    }

    /** What the viewer received as one fMP4 file: the init segment and its pictures, without the time prefixes. */
    private static Path asFile(LiveIT.Viewer v, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : v.binaries) {
            out.write(Arrays.copyOfRange(m, 8, m.length));
        }
        Path f = tmp.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    @Test
    void aSubStreamViewerGetsTheSmallStreamFromALiveOnlySessionThatStopsAfterTheLastViewer() throws Exception {
        // Proof the stats are written (the main stream's connection is in them) before reading the sub-stream's absence
        // (an HLS view of another test may have left it running: it stops ten seconds after its last request).
        Await.until(Duration.ofSeconds(40), "the recorder's main connection only: " + sim.stats(),
                () -> sessionsOf(CameraSimulator.HIKVISION) >= 1 && sessionsOf(CameraSimulator.SMALL) == 0);
        Instant watchedFrom = Instant.now();
        LiveIT.Viewer v = watch("wall", "?stream=sub");
        Await.until(Duration.ofSeconds(30), "sub-stream pictures", () -> v.pictures() >= 25);
        JsonNode init = Http.JSON.readTree(v.texts.get(0));
        assertEquals("init", init.path("type").asText(), init.toString());
        assertEquals("sub", init.path("stream").asText(), init.toString());
        assertEquals(640, init.path("width").asInt(), init.toString());
        assertEquals(360, init.path("height").asInt(), init.toString());
        assertEquals(0, wallClock(v.binaries.get(0)), "the init segment comes first");
        JsonNode probed = Ffprobe.probe(asFile(v, "sub.mp4")).path("streams").get(0);
        assertEquals(640, probed.path("width").asInt(), "the init segment's picture size: " + probed);
        assertEquals(360, probed.path("height").asInt(), probed.toString());
        assertEquals(1, sessionsOf(CameraSimulator.SMALL), "one connection for the sub-stream: " + sim.stats());

        // Meanwhile the recording goes on at the main stream's size, and the sub-stream's session adds no rows.
        Await.until(Duration.ofSeconds(30), "two segments recorded while the sub-stream is watched",
                () -> segmentsSince(watchedFrom).size() >= 2);
        JsonNode segments = Http.json(operator.get("/api/v1/cameras/wall/recordings"));
        assertTrue(segments.path("segments").size() >= 2, segments.toString());
        for (JsonNode s : segments.path("segments")) {
            assertEquals(1920, s.path("width").asInt(), "only the main stream is recorded: " + s);
            assertEquals(1080, s.path("height").asInt(), s.toString());
        }

        v.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        Await.until(Duration.ofSeconds(45), "the sub-stream's session ends after its last viewer: " + sim.stats(),
                () -> sessionsOf(CameraSimulator.SMALL) == 0);
        assertEquals(1, sessionsOf(CameraSimulator.HIKVISION), "the recording session goes on: " + sim.stats());
        Await.until(Duration.ofSeconds(10), "the view's end logged", () -> !entries("live.end", "wall").isEmpty());
        for (String action : List.of("live.start", "live.end")) {
            List<JsonNode> e = entries(action, "wall");
            assertEquals(1, e.size(), e.toString());
            assertTrue((" " + e.get(0).path("detail").asText() + " ").contains(" stream=sub "), e.toString());
        }
        assertFalse(logs.raw().contains(SUB_PASSWORD), "the sub-stream's password is never logged");
        assertFalse(logs.formatted().contains(SUB_PASSWORD));
    }

    private static List<JsonNode> segmentsSince(Instant from) throws Exception {
        List<JsonNode> found = new java.util.ArrayList<>();
        Http.json(operator.get("/api/v1/cameras/wall/recordings")).path("segments").forEach(s -> {
            if (Instant.parse(s.path("start").asText()).isAfter(from) && s.path("end").isTextual()) {
                found.add(s);
            }
        });
        return found;
    }

    @Test
    void liveHlsServesTheSubStreamToo() throws Exception {
        Logins.user(new Http(gateway.baseUrl()), "oscar", "operator", List.of("wall"));
        // One login session throughout: its requests are one view (D16).
        String token = Logins.token(new Http(gateway.baseUrl()), "oscar", Logins.password("oscar"));
        Http oscar = new Http(gateway.baseUrl()).as(token);
        var playlist = oscar.get("/api/v1/cameras/wall/live.m3u8?stream=sub");
        assertEquals(200, playlist.statusCode(), playlist.body());
        assertTrue(playlist.body().contains("#EXT-X-MAP:URI=\"live/init-1.mp4?stream=sub\""), playlist.body());
        String out = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-headers",
                "Authorization: Bearer " + token + "\r\n", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", gateway.baseUrl() + "/api/v1/cameras/wall/live.m3u8?stream=sub"));
        assertEquals(java.util.Set.of("h264,640,360"), out.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(java.util.stream.Collectors.toSet()), out);
        JsonNode starts = Http.json(auditor.get("/api/v1/audit/entries?action=live.start")).path("entries");
        long subViews = 0;
        for (JsonNode e : starts) {
            if (e.path("actorName").asText().equals("oscar")) {
                assertEquals("purpose=default stream=sub", e.path("detail").asText(), e.toString());
                subViews++;
            }
        }
        assertEquals(1, subViews, "one HLS view of the sub-stream: " + starts);
        var main = oscar.get("/api/v1/cameras/wall/live.m3u8");
        assertEquals(200, main.statusCode(), main.body());
        assertFalse(main.body().contains("stream=sub"), main.body());
    }

    @Test
    void aCameraWithoutASubStreamServesItsMainStreamAndSaysSo() throws Exception {
        LiveIT.Viewer v = watch("solo", "?stream=sub");
        Await.until(Duration.ofSeconds(20), "main-stream pictures", () -> v.pictures() >= 3);
        JsonNode init = Http.JSON.readTree(v.texts.get(0));
        assertEquals("main", init.path("stream").asText(), init.toString());
        assertEquals(1280, init.path("width").asInt(), init.toString());
        v.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        List<JsonNode> starts = entries("live.start", "solo");
        assertEquals(1, starts.size(), starts.toString());
        assertFalse(starts.get(0).path("detail").asText().contains("stream="), "served the main stream: " + starts);
        CompletionException bad = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> watch("solo", "?stream=third"));
        assertEquals(400, ((WebSocketHandshakeException) bad.getCause()).getResponse().statusCode());
    }

    @Test
    void anEditRestartsTheSubStreamForItsViewersAndRemovingItTellsThem() throws Exception {
        LiveIT.Viewer v = watch("edit", "?stream=sub");
        Await.until(Duration.ofSeconds(30), "sub-stream pictures", () -> v.pictures() >= 5);
        assertEquals(1, sessionsOf(CameraSimulator.NOISE), sim.stats().toString());
        ObjectNode edit = (ObjectNode) Http.json(integrator.get("/api/v1/cameras/edit"));
        edit.remove(List.of("status", "credentials"));
        edit.put("location", "Achteringang");
        assertEquals(200, integrator.put("/api/v1/cameras/edit", edit).statusCode());
        // The viewer stays subscribed: its stream ends, and the restarted session's pictures follow.
        Await.until(Duration.ofSeconds(30), "a new init segment after the edit", () -> v.texts.stream()
                .filter(t -> t.contains("\"init\"")).count() >= 2 && v.texts.stream().anyMatch(t -> t.contains("\"ended\"")));
        long before = v.pictures();
        Await.until(Duration.ofSeconds(30), "pictures after the edit", () -> v.pictures() >= before + 5);
        assertEquals(1, sessionsOf(CameraSimulator.NOISE), "one connection at a time: " + sim.stats());

        // Paused, the sub-stream's connection closes too; resumed, it comes back for the viewer still waiting.
        edit.put("recording", false);
        assertEquals(200, integrator.put("/api/v1/cameras/edit", edit).statusCode());
        Await.until(Duration.ofSeconds(20), "no sub-stream connection while paused: " + sim.stats(),
                () -> sessionsOf(CameraSimulator.NOISE) == 0);
        edit.put("recording", true);
        assertEquals(200, integrator.put("/api/v1/cameras/edit", edit).statusCode());
        long paused = v.pictures();
        Await.until(Duration.ofSeconds(30), "pictures again after resuming", () -> v.pictures() >= paused + 5);
        assertEquals(1, sessionsOf(CameraSimulator.NOISE), sim.stats().toString());

        edit.remove("subStream");
        assertEquals(200, integrator.put("/api/v1/cameras/edit", edit).statusCode());
        v.closed.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(v.texts.stream().anyMatch(t -> t.contains("\"removed\"")), v.texts.toString());
        Await.until(Duration.ofSeconds(20), "the sub-stream's connection closed: " + sim.stats(),
                () -> sessionsOf(CameraSimulator.NOISE) == 0);
        LiveIT.Viewer again = watch("edit", "?stream=sub");
        Await.until(Duration.ofSeconds(30), "main-stream pictures", () -> again.pictures() >= 1);
        assertEquals("main", Http.JSON.readTree(again.texts.get(0)).path("stream").asText(), "no sub-stream any more");
        again.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void theApiShowsTheSubStreamsUrlWithoutItsCredentialsAndAnEditKeepsThem() throws Exception {
        var got = integrator.get("/api/v1/cameras/desk");
        JsonNode sub = Http.json(got).path("subStream");
        assertEquals(sim.url(CameraSimulator.SMALL), sub.path("url").asText(), got.body());
        assertEquals("***", sub.path("credentials").asText(), got.body());
        assertFalse(got.body().contains(SUB_PASSWORD) || got.body().contains(SUB_USER), got.body());
        assertFalse(integrator.get("/api/v1/cameras").body().contains(SUB_PASSWORD));

        // The camera sent back as GET shows it (the form does that): the sub-stream keeps its credentials.
        ObjectNode edit = (ObjectNode) Http.json(got);
        edit.remove(List.of("status", "credentials"));
        ((ObjectNode) edit.path("subStream")).remove("credentials");
        var put = integrator.put("/api/v1/cameras/desk", edit);
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("***", Http.json(put).path("subStream").path("credentials").asText(), put.body());
        assertFalse(put.body().contains(SUB_PASSWORD), put.body());

        // A blank URL clears it; a refused URL is named as the sub-stream's field and changes nothing.
        ((ObjectNode) edit.path("subStream")).put("url", "http://127.0.0.1/sub");
        var refused = integrator.put("/api/v1/cameras/desk", edit);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("subStream.url", Http.json(refused).path("field").asText(), refused.body());
        assertEquals("***", Http.json(integrator.get("/api/v1/cameras/desk")).path("subStream").path("credentials").asText());
        ((ObjectNode) edit.path("subStream")).put("url", "");
        var cleared = integrator.put("/api/v1/cameras/desk", edit);
        assertEquals(200, cleared.statusCode(), cleared.body());
        assertTrue(Http.json(cleared).path("subStream").isMissingNode(), "none any more: " + cleared.body());
        assertFalse(logs.raw().contains(SUB_PASSWORD), "the sub-stream's password is never logged");
    }
}
