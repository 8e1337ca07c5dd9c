package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.AuditOutage;
import nl.poortwachter.gateway.testing.AuditTrail;
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
 * Playback, export and holds through the HTTP API of a running gateway recording the simulator: FFmpeg plays
 * the playlist over HTTP (byte ranges served by the gateway), media is reachable only through the index and a
 * playlist token, exports download and verify, and every access is in the audit log.
 */
class PlaybackApiIT {
    @TempDir
    static Path tmp;
    static CameraSimulator sim;
    static Gateway gateway;
    static Http integrator;
    static Http police;
    static String policeToken;
    static Instant t0;
    static final java.net.http.HttpClient BYTES = java.net.http.HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = CameraSimulator.start();
        GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n" + Logins.FAST_AUTH,
                "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
        gateway = Gateway.start(config);
        Http http = new Http(gateway.baseUrl());
        integrator = Logins.user(http, "integrator", "integrator", List.of());
        t0 = Instant.now();
        for (String id : List.of("gate", "yard")) {
            ObjectNode cam = Http.JSON.createObjectNode();
            cam.put("id", id);
            cam.put("name", "Camera " + id);
            cam.put("url", sim.url(CameraSimulator.SMALL));
            cam.put("legalRegime", "avg-building-security");
            assertEquals(201, integrator.post("/api/v1/cameras", cam).statusCode());
        }
        police = Logins.user(http, "agent", "police", List.of("gate", "yard"));
        policeToken = Logins.token(http, "agent", Logins.password("agent"));
        Await.until(Duration.ofSeconds(40), () -> "footage recorded; camera: "
                + integrator.get("/api/v1/cameras/gate").body() + "; simulator stderr: " + sim.stderr(),
                () -> completeSegments("gate") >= 3 && completeSegments("yard") >= 1);
    }

    static int completeSegments(String camera) throws Exception {
        int n = 0;
        for (JsonNode s : Http.json(integrator.get("/api/v1/cameras/" + camera + "/recordings")).path("segments")) {
            n += s.path("complete").asBoolean() ? 1 : 0;
        }
        return n;
    }

    /** An export once it is no longer pending (ready or failed). */
    static JsonNode finished(Http user, String export) throws Exception {
        return Await.value(Duration.ofSeconds(30), "export " + export + " still pending", () -> {
            JsonNode e = Http.json(user.get(export));
            return e.path("state").asText().equals("pending") ? null : e;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    static String q(Instant i) {
        return URLEncoder.encode(i.toString(), StandardCharsets.UTF_8);
    }

    String playlistPath(String camera) {
        return "/api/v1/cameras/" + camera + "/playback.m3u8?from=" + q(t0.minusSeconds(10)) + "&to=" + q(Instant.now())
                + "&purpose=" + URLEncoder.encode("onderzoek incident", StandardCharsets.UTF_8) + "&caseNumber=PL-1";
    }

    @Test
    void ffmpegPlaysThePlaylistOverHttpFromByteRanges() throws Exception {
        // A range of complete segments only, so the playlist FFmpeg fetches is the one checked here.
        JsonNode segments = Http.json(integrator.get("/api/v1/cameras/gate/recordings")).path("segments");
        String end = segments.path(2).path("end").asText();
        String path = "/api/v1/cameras/gate/playback.m3u8?from=" + q(t0.minusSeconds(10)) + "&to=" + q(Instant.parse(end))
                + "&purpose=" + URLEncoder.encode("onderzoek incident", StandardCharsets.UTF_8);
        HttpResponse<String> r = police.get(path);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/vnd.apple.mpegurl", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("#EXT-X-MAP:URI=\"media/"), r.body());
        double seconds = 0;
        Matcher m = Pattern.compile("#EXTINF:([0-9.]+),").matcher(r.body());
        while (m.find()) {
            seconds += Double.parseDouble(m.group(1));
        }
        String url = gateway.baseUrl() + path;
        String out = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-headers",
                "Authorization: Bearer " + policeToken + "\r\n", "-protocol_whitelist", "http,tcp,file,crypto",
                "-count_frames", "-count_packets", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames,nb_read_packets,codec_name:format=duration", "-of", "json", url));
        JsonNode probe = Http.JSON.readTree(out);
        JsonNode stream = probe.path("streams").path(0);
        assertEquals("h264", stream.path("codec_name").asText());
        int frames = stream.path("nb_read_frames").asInt();
        assertTrue(frames > 0 && frames == stream.path("nb_read_packets").asInt(),
                "every packet fetched by byte range decodes: " + stream);
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - seconds) < 0.3, "FFmpeg plays " + duration + " s of a " + seconds + " s playlist");
    }

    @Test
    void aPlaylistIsLoggedOnceWithTheRangeItDeliversAndAProcessingLine() throws Exception {
        AuditTrail trail = new AuditTrail(Logins.user(new Http(gateway.baseUrl()), "auditor3", "auditor", List.of()));
        long before = trail.lastSeq();
        HttpResponse<String> r = police.get(playlistPath("gate"));
        assertEquals(200, r.statusCode(), r.body());
        String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();
        Delivered delivered = Delivered.of(r.body());

        List<JsonNode> entries = trail.entriesAfter(before);
        assertEquals(1, entries.size(), entries.toString());
        JsonNode e = entries.get(0);
        assertEquals("playback", e.path("action").asText());
        assertEquals("ok", e.path("result").asText());
        assertEquals("agent", e.path("actorName").asText());
        assertEquals("police", e.path("actorRole").asText());
        assertEquals("camera", e.path("objectType").asText());
        assertEquals("gate", e.path("objectId").asText());
        assertEquals("onderzoek incident", e.path("purpose").asText());
        assertEquals("PL-1", e.path("caseNumber").asText());
        assertEquals(traceId, e.path("traceId").asText());
        assertEquals(delivered.start().toEpochMilli(), e.path("rangeFrom").asLong(),
                "from the first keyframe delivered, not the 'from' asked for: " + e);
        // The playlist states the end only as durations, each rounded to the millisecond: a few ms either way.
        long end = delivered.end().toEpochMilli();
        assertTrue(Math.abs(end - e.path("rangeTo").asLong()) < 10, "to the end delivered (" + end + "): " + e);

        JsonNode lines = Http.json(trail.auditor().get("/api/v1/audit/processing?trace=" + traceId));
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = lines.get(0);
        assertEquals("recording.playback", line.path("name").asText());
        assertEquals("Ok", line.path("status").asText());
        assertEquals(traceId, line.path("trace_id").asText());
        assertEquals("gate", line.path("attributes").path("poortwachter.camera_id").asText());
        assertFalse(line.toString().contains("agent"), "no user identity in the processing log: " + line);
    }

    @Test
    void noPlaylistOrExportWhileTheAuditLogCannotRecordIt() throws Exception {
        // On the other camera, whose exports no other test counts; a range it surely has footage in.
        String export = "/api/v1/cameras/yard/exports?from=" + q(t0) + "&to=" + q(Instant.now())
                + "&purpose=" + URLEncoder.encode("aangifte 43", StandardCharsets.UTF_8) + "&caseNumber=PL-43";
        String exportsBefore = police.get("/api/v1/cameras/yard/exports").body();
        AuditTrail trail = new AuditTrail(Logins.user(new Http(gateway.baseUrl()), "auditor4", "auditor", List.of()));
        long before = trail.lastSeq();
        try (AuditOutage outage = AuditOutage.begin(gateway.config().audit().file())) {
            for (HttpResponse<String> refused : List.of(police.get(playlistPath("gate")), police.post(export, ""))) {
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("audit_unavailable", Http.json(refused).path("error").asText());
                assertFalse(refused.body().contains("#EXTM3U"), "no footage without a trace");
            }
        }
        assertEquals(exportsBefore, police.get("/api/v1/cameras/yard/exports").body(),
                "no export exists (or is being made) without its entry");
        assertEquals(List.of(), trail.entriesAfter(before), "nothing from the outage is in the log");
        assertTrue(trail.verify().path("ok").asBoolean(), "failed commits leave the chain whole");
        assertEquals(200, police.get(playlistPath("gate")).statusCode(), "served again once it can be logged");
        HttpResponse<String> made = police.post(export, "");
        assertEquals(202, made.statusCode(), made.body());
    }

    /** The wall-clock range a playlist delivers: its first program date, and the last one plus what follows it. */
    record Delivered(Instant start, Instant end) {
        static Delivered of(String playlist) {
            Instant first = null;
            Instant sectionStart = null;
            double sectionSeconds = 0;
            for (String line : playlist.split("\n")) {
                if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                    sectionStart = Instant.parse(line.substring(line.indexOf(':') + 1));
                    first = first == null ? sectionStart : first;
                    sectionSeconds = 0;
                } else if (line.startsWith("#EXTINF:")) {
                    sectionSeconds += Double.parseDouble(line.substring(8, line.indexOf(',')));
                }
            }
            assertTrue(first != null, playlist);
            return new Delivered(first, sectionStart.plusMillis(Math.round(sectionSeconds * 1000)));
        }
    }

    @Test
    void byteRangesAreServedFromTheFilesAndOnlyThroughTheIndex() throws Exception {
        String playlist = police.get(playlistPath("gate")).body();
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"(media/(\\d+)\\.mp4\\?t=[^\"]+)\",BYTERANGE=\"(\\d+)@0\"").matcher(playlist);
        assertTrue(map.find(), playlist);
        String media = "/api/v1/cameras/gate/" + map.group(1);
        String segment = map.group(2);
        int initLength = Integer.parseInt(map.group(3));
        HttpResponse<byte[]> init = BYTES.send(police.request(media).header("Range", "bytes=0-" + (initLength - 1)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, init.statusCode());
        assertEquals(initLength, init.body().length);
        assertEquals("ftyp", new String(init.body(), 4, 4, StandardCharsets.US_ASCII));
        assertTrue(init.headers().firstValue("Content-Range").orElseThrow().startsWith("bytes 0-" + (initLength - 1) + "/"));
        String token = media.substring(media.indexOf("?t=") + 3);

        // Ranges outside the file, and several ranges at once, are refused.
        assertEquals(416, police.send(police.request(media).header("Range", "bytes=999999999-")).statusCode());
        assertEquals(416, police.send(police.request(media).header("Range", "bytes=0-1,5-6")).statusCode());
        // No token, a forged one, another camera's: refused.
        assertEquals(403, police.get("/api/v1/cameras/gate/media/" + segment + ".mp4").statusCode());
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertEquals(403, police.get("/api/v1/cameras/gate/media/" + segment + ".mp4?t=" + forged).statusCode());
        assertEquals(403, police.get("/api/v1/cameras/yard/media/" + segment + ".mp4?t=" + token).statusCode());
        // The id of another camera's segment under this camera, even with that camera's own playlist: refused
        // (this playlist does not list it; nor does the index know it under this camera).
        String yard = police.get(playlistPath("yard")).body();
        Matcher ym = MEDIA_URL.matcher(yard);
        assertTrue(ym.find());
        assertEquals(403, police.get("/api/v1/cameras/gate/media/" + ym.group(1) + ".mp4?t=" + token).statusCode());
        assertEquals(403, police.get("/api/v1/cameras/gate/media/" + ym.group(1) + ".mp4?t=" + ym.group(2)).statusCode());
        // Paths, traversal and encoded slashes never name a file; an id no playlist lists is refused.
        for (String bad : List.of("..%2F..%2Findex.db", "..%2fauth.db", "%2e%2e", "gate%2F2026", "1.mp4%00", "0.mp4",
                "12.MP4", "-1.mp4")) {
            int status = police.get("/api/v1/cameras/gate/media/" + bad + "?t=" + token).statusCode();
            assertEquals(404, status, bad);
        }
        assertEquals(403, police.get("/api/v1/cameras/gate/media/999999999999.mp4?t=" + token).statusCode());
        assertEquals(404, police.get("/api/v1/cameras/gate/media/../../index.db?t=" + token).statusCode());
        // Someone else's token (same camera, other user) does not work either.
        Http operator = Logins.user(new Http(gateway.baseUrl()), "operator1", "operator", List.of("gate"));
        assertEquals(403, operator.get(media).statusCode());
        // And a playlist needs a purpose.
        HttpResponse<String> noPurpose = police.get("/api/v1/cameras/gate/playback.m3u8?from=" + q(t0) + "&to=" + q(Instant.now()));
        assertEquals(400, noPurpose.statusCode(), noPurpose.body());
    }

    private static final Pattern MEDIA_URL = Pattern.compile("media/(\\d+)\\.mp4\\?t=([^\"\\s&]+)");

    static java.util.Set<String> segmentsOf(String playlist) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        Matcher m = MEDIA_URL.matcher(playlist);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    HttpResponse<byte[]> fetch(Http who, String camera, String segment, String token, String range) throws Exception {
        return BYTES.send(who.request("/api/v1/cameras/" + camera + "/media/" + segment + ".mp4?t=" + token)
                .header("Range", range).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aPlaylistsMediaUrlsReachOnlyWhatThatPlaylistListsForThatSession() throws Exception {
        JsonNode segments = Http.json(integrator.get("/api/v1/cameras/gate/recordings")).path("segments");
        Instant from = Instant.parse(segments.path(0).path("start").asText()).plusMillis(300);
        String shortPath = "/api/v1/cameras/gate/playback.m3u8?from=" + q(from) + "&to=" + q(from.plusSeconds(2))
                + "&purpose=" + URLEncoder.encode("onderzoek incident", StandardCharsets.UTF_8);
        AuditTrail trail = new AuditTrail(Logins.user(new Http(gateway.baseUrl()), "auditor5", "auditor", List.of()));
        long before = trail.lastSeq();
        String shortList = police.get(shortPath).body();
        Matcher m = MEDIA_URL.matcher(shortList);
        assertTrue(m.find(), shortList);
        String token = m.group(2);
        Matcher range = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\n" + MEDIA_URL.pattern()).matcher(shortList);
        assertTrue(range.find(), shortList);
        long length = Long.parseLong(range.group(1));
        long offset = Long.parseLong(range.group(2));
        String listed = range.group(3);
        assertEquals(206, fetch(police, "gate", listed, token, "bytes=" + offset + "-" + (offset + length - 1)).statusCode(),
                "a listed range");

        java.util.Set<String> others = segmentsOf(police.get(playlistPath("gate")).body());
        others.removeAll(segmentsOf(shortList));
        assertTrue(!others.isEmpty(), "the long playlist has segments the short one lacks: " + shortList);
        String other = others.iterator().next();
        HttpResponse<byte[]> refused = fetch(police, "gate", other, token, "bytes=0-99999");
        assertEquals(403, refused.statusCode(), "a 2 s playlist's token does not reach another segment");
        int past = fetch(police, "gate", listed, token, "bytes=" + (offset + length) + "-" + (offset + length + 999)).statusCode();
        assertTrue(past == 403 || past == 416, "nor the bytes after the listed run (416: it ends the file): " + past);
        String secondSession = Logins.token(new Http(gateway.baseUrl()), "agent", Logins.password("agent"));
        assertEquals(403, fetch(new Http(gateway.baseUrl()).as(secondSession), "gate", listed, token,
                "bytes=" + offset + "-" + (offset + length - 1)).statusCode(), "nor another login session of the same user");

        List<JsonNode> entries = trail.entriesAfter(before);
        List<String> actions = entries.stream().map(e -> e.path("action").asText() + " " + e.path("result").asText()).toList();
        assertTrue(actions.contains("playback ok") && actions.contains("playback.media denied"), actions.toString());
        JsonNode playback = entries.stream().filter(e -> e.path("action").asText().equals("playback")).findFirst().orElseThrow();
        assertTrue(playback.path("detail").asText().startsWith("requested=" + from + "/"), playback.toString());
        assertTrue(playback.path("detail").asText().contains(" media_until="), playback.toString());
    }

    @Test
    void theTimelineShowsSpansAndGaps() throws Exception {
        HttpResponse<String> r = police.get("/api/v1/cameras/gate/timeline?from=" + q(t0.minusSeconds(60)) + "&to=" + q(Instant.now()));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = Http.json(r);
        assertEquals(1, t.path("spans").size(), r.body());
        assertEquals(1, t.path("gaps").size(), "the minute before recording started is a gap: " + r.body());
        assertEquals(400, police.get("/api/v1/cameras/gate/timeline?from=yesterday").statusCode());
    }

    private static void assertOwnerOnly(Path f, String mode) {
        try {
            assertEquals(mode, java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                    f.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anExportIsMadeDownloadedAndVerifiedAndEveryStepIsAudited() throws Exception {
        Instant from = t0.plusSeconds(1);
        Instant to = from.plusSeconds(3);
        HttpResponse<String> created = police.post("/api/v1/cameras/gate/exports?from=" + q(from) + "&to=" + q(to)
                + "&purpose=" + URLEncoder.encode("aangifte 42", StandardCharsets.UTF_8) + "&caseNumber=PL-42", "");
        assertEquals(202, created.statusCode(), created.body());
        String id = Http.json(created).path("id").asText();
        JsonNode e = finished(police, "/api/v1/cameras/gate/exports/" + id);
        assertEquals("ready", e.path("state").asText(), e.toString());
        // Evidence copies and the footage they came from are for the gateway's own user only (issue 10 item 12).
        Path storage = gateway.config().storageDir();
        try (var exportFiles = Files.list(storage.resolve("_exports"))) {
            List<Path> made = exportFiles.filter(f -> f.getFileName().toString().startsWith(id)).toList();
            assertEquals(2, made.size(), "the MP4 and its manifest: " + made);
            made.forEach(f -> assertOwnerOnly(f, "rw-------"));
        }
        assertOwnerOnly(storage.resolve("_exports"), "rwx------");
        try (var footage = Files.walk(storage.resolve("gate"))) {
            footage.forEach(f -> assertOwnerOnly(f, Files.isDirectory(f) ? "rwx------" : "rw-------"));
        }
        HttpResponse<byte[]> file = BYTES.send(police.request("/api/v1/cameras/gate/exports/" + id
                + "/file?purpose=" + URLEncoder.encode("overdracht aan OM", StandardCharsets.UTF_8)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
        assertEquals(e.path("sha256").asText(), sha);
        Path mp4 = tmp.resolve("export.mp4");
        Files.write(mp4, file.body());
        Path manifest = tmp.resolve("export.manifest.json");
        Files.writeString(manifest, police.get("/api/v1/cameras/gate/exports/" + id + "/manifest").body());
        Path key = tmp.resolve("gateway.pub");
        Files.writeString(key, police.get("/api/v1/exports/public-key").body());
        JsonNode verified = Http.json(police.get("/api/v1/cameras/gate/exports/" + id + "/verify"));
        assertTrue(verified.path("ok").asBoolean() && verified.path("keyTrusted").asBoolean(), verified.toString());
        assertEquals("this-gateway", verified.path("signer").asText(), verified.toString());
        // The CLI, as an outsider would run it, with the published key.
        assertEquals(0, runCli(mp4, manifest, key));
        byte[] flipped = file.body().clone();
        flipped[flipped.length - 10] ^= 0x40;
        Files.write(mp4, flipped);
        assertEquals(1, runCli(mp4, manifest, key));
        // Other cameras' exports are not reachable under this camera.
        assertEquals(404, police.get("/api/v1/cameras/yard/exports/" + id).statusCode());
        // Audited: the request and the download, with purpose and case number.
        Http auditor = Logins.user(new Http(gateway.baseUrl()), "auditor1", "auditor", List.of());
        JsonNode entries = Http.json(auditor.get("/api/v1/audit/entries?action=export&camera=gate")).path("entries");
        assertEquals(2, entries.size(), entries.toString());
        assertTrue(entries.toString().contains("PL-42") && entries.toString().contains(id), entries.toString());
    }

    @Test
    void anExportIsSeenByItsRequesterPoliceAndAuditorsOnlyAndItsVideoNeverByAuditors() throws Exception {
        Http anonymous = new Http(gateway.baseUrl());
        Http maker = Logins.user(anonymous, "op-maker", "operator", List.of("gate"));
        Http colleague = Logins.user(anonymous, "op-colleague", "operator", List.of("gate"));
        Http auditor = Logins.user(anonymous, "auditor6", "auditor", List.of());
        Http admin = Logins.admin(anonymous);
        Instant from = t0.plusSeconds(1);
        HttpResponse<String> created = maker.post("/api/v1/cameras/gate/exports?from=" + q(from) + "&to="
                + q(from.plusSeconds(2)) + "&purpose=" + URLEncoder.encode("eigen onderzoek", StandardCharsets.UTF_8), "");
        assertEquals(202, created.statusCode(), created.body());
        String id = Http.json(created).path("id").asText();
        String base = "/api/v1/cameras/gate/exports/" + id;
        assertEquals("ready", finished(maker, base).path("state").asText());
        String file = base + "/file?purpose=" + URLEncoder.encode("overdracht", StandardCharsets.UTF_8);

        // The requester and police (the camera is theirs to see): everything, the video included.
        for (Http full : List.of(maker, police)) {
            assertTrue(full.get("/api/v1/cameras/gate/exports").body().contains(id));
            for (String path : List.of(base, base + "/manifest", base + "/verify", file)) {
                assertEquals(200, full.get(path).statusCode(), path);
            }
        }
        // An auditor: the record, the manifest and the check, never the video.
        assertTrue(auditor.get("/api/v1/cameras/gate/exports").body().contains(id));
        for (String path : List.of(base, base + "/manifest", base + "/verify")) {
            assertEquals(200, auditor.get(path).statusCode(), path);
        }
        assertEquals(403, auditor.get(file).statusCode());
        // Another operator with export rights on the camera, and the admin: nothing of it.
        assertFalse(colleague.get("/api/v1/cameras/gate/exports").body().contains(id), "not in the colleague's list");
        for (Http none : List.of(colleague, admin)) {
            for (String path : List.of(base, base + "/manifest", base + "/verify", file)) {
                assertEquals(403, none.get(path).statusCode(), path);
            }
        }
        JsonNode denied = Http.json(auditor.get("/api/v1/audit/entries?result=denied&user=op-colleague")).path("entries");
        assertEquals(4, denied.size(), "each refusal is in the audit log: " + denied);
    }

    static int runCli(Path mp4, Path manifest, Path key) throws Exception {
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "nl.poortwachter.recorder.export.VerifyExport", mp4.toString(), manifest.toString(), "--public-key", key.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(out.contains(p.exitValue() == 0 ? "VERIFIED" : "NOT VERIFIED"), out);
        return p.exitValue();
    }

    @Test
    void holdsAreSetListedReleasedAndAudited() throws Exception {
        ObjectNode hold = Http.JSON.createObjectNode();
        hold.put("from", t0.toString());
        hold.put("to", t0.plusSeconds(30).toString());
        hold.put("reason", "vordering officier van justitie");
        hold.put("caseNumber", "PL-7");
        hold.put("expiresAt", Instant.now().plus(Duration.ofDays(90)).toString());
        HttpResponse<String> created = police.post("/api/v1/cameras/gate/holds", hold);
        assertEquals(201, created.statusCode(), created.body());
        long id = Http.json(created).path("id").asLong();
        assertEquals("agent", Http.json(created).path("requester").asText());
        assertEquals(1, Http.json(police.get("/api/v1/cameras/gate/holds?active=true")).size());
        ObjectNode bad = hold.deepCopy();
        bad.put("expiresAt", "2000-01-01T00:00:00Z");
        HttpResponse<String> refused = police.post("/api/v1/cameras/gate/holds", bad);
        assertEquals(400, refused.statusCode());
        assertEquals("expiresAt", Http.json(refused).path("field").asText());
        HttpResponse<String> released = police.post("/api/v1/cameras/gate/holds/" + id + "/release", Map.of("reason", "zaak gesloten"));
        assertEquals(200, released.statusCode(), released.body());
        assertEquals(409, police.post("/api/v1/cameras/gate/holds/" + id + "/release", Map.of("reason", "again")).statusCode());
        assertEquals(0, Http.json(police.get("/api/v1/cameras/gate/holds?active=true")).size());
        Http auditor = Logins.user(new Http(gateway.baseUrl()), "auditor2", "auditor", List.of());
        assertEquals(1, Http.json(auditor.get("/api/v1/audit/entries?action=legal_hold.set")).path("entries").size());
        assertEquals(1, Http.json(auditor.get("/api/v1/audit/entries?action=legal_hold.release")).path("entries").size());
        assertEquals(200, auditor.get("/api/v1/retention/purges").statusCode());
        assertEquals(403, police.get("/api/v1/retention/purges").statusCode());
    }
}
