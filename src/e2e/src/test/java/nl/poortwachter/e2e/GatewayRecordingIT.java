package nl.poortwachter.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.IndexInvariants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway process against the camera simulator, through its HTTP API, as an integrator uses it. */
class GatewayRecordingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static CameraSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CameraSimulator.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void simulatorIsUp() throws Exception {
        sim.ensureRunning();
    }

    static String cameraJson(String id, String url, String extra) {
        return """
                {"id": "%s", "name": "Camera %s", "url": "%s", "vendor": "Hikvision", "location": "Stadhuis",
                 "purpose": "toegangscontrole", "legalRegime": "avg-building-security"%s}"""
                .formatted(id, id, url, extra == null ? "" : ", " + extra);
    }

    @Test
    void addedCameraRecordsIndexedPlayableSegments(@TempDir Path dir) throws Exception {
        try (GatewayProcess gw = new GatewayProcess(dir, "recording:\n  segmentSeconds: 3\n").start()) {
            Instant t0 = Instant.now();
            HttpResponse<String> created = gw.send("POST", "/api/v1/cameras", cameraJson("hal", sim.url(CameraSimulator.SMALL), null));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode segments = waitForSegments(gw, "hal", t0, 2);
            JsonNode seg = segments.get(0);
            assertTrue(seg.path("seekPoints").asInt() >= 2, seg.toString());
            assertEquals("h264", seg.path("codec").asText());
            List<Path> files = mp4Files(gw.storage().resolve("hal"));
            assertTrue(files.size() >= 2);
            JsonNode probe = Ffprobe.probe(files.get(0));
            assertEquals(640, probe.path("streams").path(0).path("width").asInt());
            double duration = probe.path("format").path("duration").asDouble();
            double indexed = (Instant.parse(seg.path("end").asText()).toEpochMilli() - Instant.parse(seg.path("start").asText()).toEpochMilli()) / 1000.0;
            assertTrue(Math.abs(duration - indexed) < 0.5, duration + " vs " + indexed);

            JsonNode cam = JSON.readTree(gw.get("/api/v1/cameras/hal").body());
            assertEquals("streaming", cam.path("status").path("state").asText());
            String metrics = gw.get("/metrics").body();
            assertTrue(metrics.contains("camera_packets_total{camera=\"hal\"}"), "per-camera packet counter");
            assertTrue(metrics.contains("camera_segments_written_total{camera=\"hal\"}"));
            assertTrue(metrics.contains("jvm_memory_used_bytes"));
            assertEquals(1, sim.stats().path("per_mount").path(CameraSimulator.SMALL).asInt(-1) >= 1 ? 1 : 0);
        }
    }

    private static final String KILL_TRANSCODE = "\"transcode\": {\"bitrateKbps\": 500}";

    @Test
    void killMinus9MidSegmentLosesAtMostTheFragmentInFlight(@TempDir Path dir) throws Exception {
        Instant t0 = Instant.now();
        GatewayProcess gw = new GatewayProcess(dir, "recording:\n  segmentSeconds: 600\n").start();
        try {
            // 500 kbit/s: about 62 kB per one-second fragment, so the byte counts below mean seconds of video.
            assertEquals(201, gw.send("POST", "/api/v1/cameras", cameraJson("kill", sim.url(CameraSimulator.SMALL), KILL_TRANSCODE)).statusCode());
            // Wait until the open segment has several fragments on disk, then kill the process without warning.
            Await.until(Duration.ofSeconds(30), "several fragments on disk",
                    () -> fileBytes(gw.storage().resolve("kill")) >= 260_000);
            // Not a wait for an event: a third of a fragment later, so that the kill falls inside a fragment
            // rather than just after one was written.
            Thread.sleep(300);
            gw.kill();
        } finally {
            gw.stop();
        }
        List<Path> files = mp4Files(gw.storage().resolve("kill"));
        assertEquals(1, files.size());
        long sizeAtKill = Files.size(files.get(0));
        assertTrue(sizeAtKill > 260_000, "bytes on disk at kill: " + sizeAtKill);
        // What the index claimed at the crash: nothing after the last fragment that reached the file (its last write).
        long lastWrite = Files.getLastModifiedTime(files.get(0)).toMillis();
        Path db = dir.resolve("index.db");
        IndexInvariants.Claim atCrash = IndexInvariants.claims(db, "kill").get(0);
        assertTrue(atCrash.endMillis() <= lastWrite, "claimed " + (atCrash.endMillis() - lastWrite) + " ms after the last write");
        assertTrue(atCrash.wallByOffset().size() >= 2, "the group commit had committed seek points: " + atCrash);

        // Restart with the camera stopped: recovery alone must make the footage indexed and playable.
        try (GatewayProcess again = new GatewayProcess(dir, "recording:\n  segmentSeconds: 600\n").start()) {
            again.send("PUT", "/api/v1/cameras/kill", cameraJson("kill", sim.url(CameraSimulator.SMALL), KILL_TRANSCODE + ", \"recording\": false"));
            JsonNode timeline = JSON.readTree(again.get("/api/v1/cameras/kill/recordings?from=" + enc(t0.minusSeconds(10))
                    + "&to=" + enc(Instant.now().plusSeconds(5))).body());
            JsonNode seg = timeline.path("segments").get(0);
            assertTrue(seg.path("complete").asBoolean(), timeline.toString());
            long indexedBytes = seg.path("bytes").asLong();
            assertTrue(indexedBytes > sizeAtKill - 120_000 && indexedBytes <= sizeAtKill,
                    "lost at most the fragment in flight: " + indexedBytes + " of " + sizeAtKill);
            assertEquals(indexedBytes, Files.size(files.get(0)));
            double seconds = (Instant.parse(seg.path("end").asText()).toEpochMilli() - Instant.parse(seg.path("start").asText()).toEpochMilli()) / 1000.0;
            int frames = Ffprobe.decodedFrames(files.get(0));
            assertTrue(frames >= 25 * 3 && Math.abs(frames - seconds * 25) <= 2, frames + " frames for " + seconds + " s indexed");
            assertTrue(again.logText().contains("recovery.repaired"), "recovery logged its work");
            // Recovery took the times from the file: the same start, every committed fragment at the time it had, and
            // still nothing claimed after the last durable fragment.
            IndexInvariants.Claim recovered = IndexInvariants.claims(db, "kill").get(0);
            assertEquals(atCrash.startMillis(), recovered.startMillis());
            atCrash.wallByOffset().forEach((offset, wall) -> assertEquals(wall, recovered.wallByOffset().get(offset),
                    "the fragment at byte " + offset));
            assertTrue(recovered.endMillis() >= atCrash.endMillis() && recovered.endMillis() <= lastWrite,
                    "ends at its last complete fragment: " + recovered.endMillis() + " (crash " + atCrash.endMillis()
                            + ", last write " + lastWrite + ")");
            assertTrue(IndexInvariants.check(db, gw.storage(), List.of()) >= 1);
        }
    }

    @Test
    void badUrlsAreRefusedAndNothingReachesTheCameraOrTheLog(@TempDir Path dir) throws Exception {
        try (CameraSimulator own = CameraSimulator.start();
             GatewayProcess gw = new GatewayProcess(dir, "").start()) {
            for (String url : List.of("file:/etc/passwd", "http://127.0.0.1:" + own.port() + "/x", "concat:/etc/passwd|/etc/hosts",
                    "subfile:,start,0,end,0,:/etc/passwd", "lavfi:testsrc", "pipe:0", "data:text/plain;base64,SGk=",
                    "relative/cam.mp4", "rtsp://127.0.0.1:" + own.port() + "/small with space",
                    "rtsp://127.0.0.1:" + own.port() + "/small\\u0007")) {
                HttpResponse<String> r = gw.send("POST", "/api/v1/cameras", cameraJson("bad", url, null));
                assertEquals(400, r.statusCode(), url + " -> " + r.body());
                assertEquals("url", JSON.readTree(r.body()).path("field").asText(), r.body());
            }
            assertEquals("[]", gw.get("/api/v1/cameras").body().replaceAll("\\s", ""));
            // Half a second after the last refusal (time for a wrongly started session to connect), counted
            // cumulatively: a connection opened and closed in between counts too.
            JsonNode stats = own.statsTakenAfter(Instant.now().plusMillis(500));
            assertEquals(0, stats.path("connections_total").asInt(-1), "no session was opened: " + stats);

            String secret = "Zeer-Geheim-77";
            String withSecret = "rtsp://admin:" + secret + "@127.0.0.1:" + own.port() + CameraSimulator.DIGEST;
            HttpResponse<String> created = gw.send("POST", "/api/v1/cameras", cameraJson("cred", withSecret, null));
            assertEquals(201, created.statusCode(), created.body());
            assertFalse(created.body().contains(secret));
            assertTrue(created.body().contains("\"***\""), created.body());
            HttpResponse<String> wrongField = gw.send("POST", "/api/v1/cameras",
                    cameraJson("cred2", "rtsp://127.0.0.1/x", "\"password\": \"" + secret + "\", \"username\": \"u\", \"colour\": 1"));
            assertEquals(400, wrongField.statusCode());
            assertTrue(wrongField.body().contains("colour"));
            // Let the camera fail auth a few times and be probed: FFmpeg's errors carry the URL.
            HttpResponse<String> probe = gw.send("POST", "/api/v1/cameras/cred/probe", null);
            assertEquals(200, probe.statusCode());
            assertEquals("auth_failed", JSON.readTree(probe.body()).path("problem").asText(), probe.body());
            Await.until(Duration.ofSeconds(30), "two failed connection attempts of the camera in the log",
                    () -> gw.logText().lines().filter(l -> l.contains("msg=\"camera.error\"") && l.contains("camera=cred"))
                            .count() >= 2);
            assertTrue(own.statsTakenAfter(Instant.now()).path("connections_total").asInt(-1) > 0,
                    "the count checked above does count this gateway's connections");
            for (String body : List.of(gw.get("/api/v1/cameras").body(), gw.get("/api/v1/cameras/cred").body(), probe.body(),
                    gw.get("/metrics").body())) {
                assertFalse(body.contains(secret), body);
            }
            String log = gw.logText();
            assertTrue(log.contains("cred"), "the camera is in the log");
            assertFalse(log.contains(secret), "the password is not");
        }
    }

    @Test
    void malformedRequestsNameTheProblem(@TempDir Path dir) throws Exception {
        try (GatewayProcess gw = new GatewayProcess(dir, "").start()) {
            HttpResponse<String> malformed = gw.send("POST", "/api/v1/cameras", "{\"name\": \"x\", ");
            assertEquals(400, malformed.statusCode());
            assertTrue(malformed.body().toLowerCase().contains("json"), malformed.body());
            HttpResponse<String> missing = gw.send("POST", "/api/v1/cameras", "{\"name\": \"x\", \"legalRegime\": \"gemeentewet-151c\"}");
            assertEquals(400, missing.statusCode());
            assertEquals("url", JSON.readTree(missing.body()).path("field").asText());
            HttpResponse<String> type = gw.send("POST", "/api/v1/cameras", cameraJson("t", "rtsp://127.0.0.1/x", "\"retentionDays\": \"veel\""));
            assertEquals(400, type.statusCode());
            assertEquals("retentionDays", JSON.readTree(type.body()).path("field").asText(), type.body());
            HttpResponse<String> untrusted = gw.send("POST", "/api/v1/cameras", cameraJson("p", "rtsp://127.0.0.1/x", "\"mode\": \"passthrough\""));
            assertEquals(400, untrusted.statusCode(), "Hikvision is not trusted for passthrough by default");
            assertEquals("mode", JSON.readTree(untrusted.body()).path("field").asText(), untrusted.body());
            HttpResponse<String> badMask = gw.send("POST", "/api/v1/cameras", cameraJson("m", "rtsp://127.0.0.1/x",
                    "\"masks\": [{\"rect\": [0.5, 0.5, 0.7, 0.1], \"fill\": \"solid\"}]"));
            assertEquals(400, badMask.statusCode());
            assertEquals("masks.rect", JSON.readTree(badMask.body()).path("field").asText(), badMask.body());
            assertEquals("[]", gw.get("/api/v1/cameras").body().replaceAll("\\s", ""));
        }
    }

    static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    static JsonNode waitForSegments(GatewayProcess gw, String camera, Instant t0, int n) throws Exception {
        return Await.value(Duration.ofSeconds(30), () -> "no " + n + " segments:\n" + gw.logText(), () -> {
            HttpResponse<String> r = gw.get("/api/v1/cameras/" + camera + "/recordings?from=" + enc(t0.minusSeconds(5))
                    + "&to=" + enc(Instant.now().plusSeconds(5)));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode tl = JSON.readTree(r.body());
            int complete = 0;
            for (JsonNode s : tl.path("segments")) {
                complete += s.path("complete").asBoolean() ? 1 : 0;
            }
            return complete >= n ? tl.path("segments") : null;
        });
    }

    static List<Path> mp4Files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
    }

    static long fileBytes(Path dir) throws Exception {
        long total = 0;
        for (Path p : mp4Files(dir)) {
            total += Files.size(p);
        }
        return total;
    }
}
