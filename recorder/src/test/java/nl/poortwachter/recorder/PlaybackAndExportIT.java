package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportRequest;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.export.ExportVerifier;
import nl.poortwachter.recorder.export.ManifestSigner;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.RecordedSpans;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.Ffprobe;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback and export over real footage: the small simulator camera recorded in 3-second segments, with an
 * outage in the middle, so ranges cross segment boundaries and a gap. FFmpeg (the bundled build) reads every
 * playlist and export.
 */
class PlaybackAndExportIT {
    @TempDir
    static Path dir;
    static Recorder recorder;
    static Instant recordedFrom;
    static Instant down;
    static Instant up;
    static KeyPair key;

    @BeforeAll
    static void record() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        recorder = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry());
        recorder.archive().setSigner(signer(key));
        try (CameraSimulator sim = CameraSimulator.start()) {
            recordedFrom = Instant.now();
            recorder.addCamera(TestRecorders.camera("gate", sim.url(CameraSimulator.SMALL)));
            RecordingIT.waitForCompleteSegments(recorder, "gate", recordedFrom, 4, Duration.ofSeconds(40));
            sim.stop();
            down = Instant.now();
            // Not a wait for an event: an outage of a known length, the gap the tests below look for.
            Thread.sleep(4000);
            sim.launch();
            up = Instant.now();
            RecordingIT.waitForCompleteSegments(recorder, "gate", up, 2, Duration.ofSeconds(40));
            recorder.removeCamera("gate"); // stops ingest; the footage stays
        }
        recorder.syncIndex();
    }

    @AfterAll
    static void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    static ManifestSigner signer(KeyPair kp) {
        return nl.poortwachter.recorder.testing.TestSigner.of(kp);
    }

    /** A playlist whose URIs are the files themselves, so FFmpeg reads the byte ranges straight from disk. */
    static Path playlistFile(HlsPlaylist p, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, p.text());
        return f;
    }

    HlsPlaylist playlist(Instant from, Instant to, Instant at) {
        return recorder.archive().playlist("gate", from, to, at,
                id -> recorder.archive().media("gate", id).orElseThrow().path().toString()).orElseThrow();
    }

    @Test
    void aPlaylistAcrossSegmentsAndAGapDecodesWholly() throws Exception {
        Instant from = recordedFrom.minusSeconds(5);
        Instant to = Instant.now();
        HlsPlaylist p = playlist(from, to, null);
        String text = p.text();
        assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n"), text);
        assertTrue(text.endsWith("#EXT-X-ENDLIST\n"));
        long discontinuities = text.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count();
        assertEquals(1, discontinuities, "one gap (the outage): " + text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("#EXT-X-MAP:")).count(), "a map per session");
        assertEquals(2, text.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).count());
        long files = text.lines().filter(l -> l.startsWith("/")).distinct().count();
        assertTrue(files >= 5, "runs from at least five segment files: " + files);
        // The gap sits where the outage was.
        Instant secondSession = Instant.parse(text.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
                .skip(1).findFirst().orElseThrow().substring(25));
        assertTrue(!secondSession.isBefore(down) && secondSession.isBefore(up.plusSeconds(10)), secondSession + " after " + down);

        Path m3u8 = playlistFile(p, "all.m3u8");
        // Every byte range is read: as many packets as the segment files hold frames.
        int inFiles = 0;
        for (String f : text.lines().filter(l -> l.startsWith("/")).distinct().toList()) {
            inFiles += Ffprobe.decodedFrames(Path.of(f));
        }
        String packets = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-count_packets", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_packets", "-of", "json", m3u8.toString()));
        assertEquals(inFiles, new ObjectMapper().readTree(packets).path("streams").path(0).path("nb_read_packets").asInt(),
                "packets read through the playlist");
        // Within a session every frame decodes, across four segment boundaries. (Across the session change FFmpeg's
        // mov demuxer flags the new session's first second as "discard" because its media time restarts at 0;
        // browsers (hls.js) handle the discontinuity, and exports rebase timestamps.)
        HlsPlaylist firstSession = playlist(from, down.minusSeconds(1), null);
        assertFalse(firstSession.text().contains("#EXT-X-DISCONTINUITY"));
        Path s1 = playlistFile(firstSession, "first-session.m3u8");
        double extinf = sumExtinf(firstSession.text());
        int frames = Ffprobe.decodedFrames(s1);
        assertTrue(Math.abs(frames - extinf * 25) <= 1, "decoded " + frames + " frames for " + extinf + " s");
        JsonNode probe = Ffprobe.probe(m3u8);
        assertEquals("h264", probe.path("streams").path(0).path("codec_name").asText());
    }

    @Test
    void playbackStartsAtTheRequestedInstantWithinAGop() throws Exception {
        RecordedSpans spans = recorder.archive().spans("gate", recordedFrom.minusSeconds(5), Instant.now());
        assertEquals(2, spans.spans().size(), "two recorded spans around the outage: " + spans);
        RecordedSpans.Span first = spans.spans().get(0);
        // The outage is the gap between the two spans: the one gap that overlaps [down, up), and exactly that one.
        List<RecordedSpans.Span> outage = spans.gaps().stream()
                .filter(g -> g.start().isBefore(up) && g.end().isAfter(down)).toList();
        assertEquals(List.of(new RecordedSpans.Span(first.end(), spans.spans().get(1).start())), outage,
                "down " + down + ", up " + up + ": " + spans.gaps());
        // An instant in the middle of the first span, away from segment starts.
        Instant at = first.start().plusMillis(4_500);
        HlsPlaylist p = playlist(at, at.plusSeconds(4), null);
        long lag = Duration.between(p.start(), at).toMillis();
        assertTrue(lag >= 0 && lag <= 1_100, "starts at the keyframe at or before the instant (GOP 1 s): " + lag + " ms");
        assertEquals(p.start(), Instant.parse(p.text().lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
                .findFirst().orElseThrow().substring(25)));
        // FFmpeg's first decoded frame is the fragment the index points at: byte ranges land on fragment starts.
        Path m3u8 = playlistFile(p, "seek.m3u8");
        String out = Ffprobe.run(List.of(Ffprobe.ffprobePath(), "-v", "error", "-select_streams", "v:0", "-show_entries",
                "frame=pts_time,key_frame", "-read_intervals", "%+#1", "-of", "json", m3u8.toString()));
        JsonNode frame = new ObjectMapper().readTree(out).path("frames").path(0);
        assertEquals(1, frame.path("key_frame").asInt(), "the first frame decoded is a keyframe");
        assertTrue(Ffprobe.decodedFrames(m3u8) >= 100, "about 4-5 s decode");
        // A playlist over a wider range with EXT-X-START points at the instant.
        HlsPlaylist wide = playlist(first.start(), first.start().plusSeconds(20), at);
        // Playlist time is media time; the index's wall clock may have been re-anchored once (up to ~1 s) early in
        // the session (docs/decisions.md D2), so the offset equals the wall distance within that much.
        double expected = Duration.between(wide.start(), at).toMillis() / 1000.0;
        assertTrue(Math.abs(wide.startOffset() - expected) < 1.2, wide.startOffset() + " vs " + expected);
        assertTrue(wide.text().contains("#EXT-X-START:TIME-OFFSET="));
    }

    @Test
    void anExportOfTwoSegmentsPlaysHasItsDurationAndVerifies() throws Exception {
        // The second file of the session: the wall clock may be re-anchored once early in a session (D2), and this
        // test compares the file's duration with the wall-clock span.
        Timeline.Segment second = recorder.recordings("gate", recordedFrom.minusSeconds(5), down).segments().get(1);
        Instant from = second.start().plusMillis(1_500);
        Instant to = from.plusSeconds(3); // 3 s segments: crosses one boundary
        ExportRecord pending = recorder.archive().requestExport(new ExportRequest("gate", from, to, "analist@gemeente",
                "incident Stationsplein", "PL-2026-042"));
        assertEquals(ExportState.pending, pending.state());
        ExportRecord done = waitForExport(pending.id());
        assertEquals(ExportState.ready, done.state(), String.valueOf(done.error()));
        Path mp4 = recorder.archive().exportFile(done.id()).orElseThrow();
        JsonNode manifest = new ObjectMapper().readTree(recorder.archive().exportManifest(done.id()).orElseThrow());
        assertEquals(2, manifest.path("manifest").path("file").path("sourceSegments").asInt(), manifest.toString());
        assertEquals("PL-2026-042", manifest.path("manifest").path("caseNumber").asText());
        assertEquals("analist@gemeente", manifest.path("manifest").path("exporter").asText());
        assertEquals(done.sha256(), manifest.path("manifest").path("file").path("sha256").asText());
        Instant footageFrom = Instant.parse(manifest.path("manifest").path("footageFrom").asText());
        Instant footageTo = Instant.parse(manifest.path("manifest").path("footageTo").asText());
        assertTrue(!footageFrom.isAfter(from) && Duration.between(footageFrom, from).toMillis() <= 1_100);
        assertTrue(!footageTo.isBefore(to) && Duration.between(to, footageTo).toMillis() <= 1_100);

        JsonNode probe = Ffprobe.probe(mp4);
        double duration = probe.path("format").path("duration").asDouble();
        double expected = Duration.between(footageFrom, footageTo).toMillis() / 1000.0;
        assertTrue(Math.abs(duration - expected) < 0.15, "duration " + duration + " vs " + expected);
        assertTrue(probe.path("format").path("start_time").asDouble() < 0.05, "starts at 0");
        int frames = Ffprobe.decodedFrames(mp4);
        assertTrue(Math.abs(frames - expected * 25) <= 2, frames + " frames for " + expected + " s");

        ExportVerifier.Result ok = recorder.archive().verifyExport(done.id(), key.getPublic().getEncoded()).orElseThrow();
        assertTrue(ok.ok() && ok.keyTrusted(), ok.toString());
        // The CLI agrees, and a flipped byte fails.
        Path manifestFile = dir.resolve("export.manifest.json");
        Files.writeString(manifestFile, recorder.archive().exportManifest(done.id()).orElseThrow());
        Path copy = dir.resolve("export.mp4");
        Files.copy(mp4, copy);
        byte[] bytes = Files.readAllBytes(copy);
        ExportVerifier.Result unpinned = ExportVerifier.verify(copy, Files.readAllBytes(manifestFile), null);
        assertTrue(unpinned.hashMatches() && unpinned.signatureValid(), unpinned.toString());
        assertFalse(unpinned.ok(), "without a trusted key the signer is unverified: " + unpinned);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(copy, bytes);
        ExportVerifier.Result flipped = ExportVerifier.verify(copy, Files.readAllBytes(manifestFile), key.getPublic().getEncoded());
        assertFalse(flipped.ok());
        assertFalse(flipped.hashMatches());
        assertTrue(flipped.signatureValid(), "the manifest itself is intact");
        // A changed manifest breaks the signature.
        String tampered = Files.readString(manifestFile).replace("incident Stationsplein", "incident Marktplein");
        ExportVerifier.Result forged = ExportVerifier.verify(mp4, tampered.getBytes(StandardCharsets.UTF_8), null);
        assertFalse(forged.ok());
        assertFalse(forged.signatureValid());
    }

    @Test
    void anExportAcrossTheOutageKeepsTheGapInTime() throws Exception {
        Instant from = down.minusSeconds(3);
        Instant to = up.plusSeconds(8);
        ExportRecord done = waitForExport(recorder.archive().requestExport(new ExportRequest("gate", from, to, "me",
                "test", null)).id());
        assertEquals(ExportState.ready, done.state(), String.valueOf(done.error()));
        JsonNode manifest = new ObjectMapper().readTree(recorder.archive().exportManifest(done.id()).orElseThrow());
        assertEquals(1, manifest.path("manifest").path("gaps").size(), manifest.toString());
        Path mp4 = recorder.archive().exportFile(done.id()).orElseThrow();
        double duration = Ffprobe.probe(mp4).path("format").path("duration").asDouble();
        Instant footageFrom = Instant.parse(manifest.path("manifest").path("footageFrom").asText());
        Instant footageTo = Instant.parse(manifest.path("manifest").path("footageTo").asText());
        double wall = Duration.between(footageFrom, footageTo).toMillis() / 1000.0;
        // Within ~1 s: the wall clock of a session may be re-anchored once (D2); the gap itself is kept in time.
        assertTrue(Math.abs(duration - wall) < 1.2, "file time follows wall time across the gap: " + duration + " vs " + wall);
        assertTrue(duration > Duration.between(down, up).toMillis() / 1000.0, "the outage is part of the file's timeline");
        assertTrue(Ffprobe.decodedFrames(mp4) > 0);
    }

    static ExportRecord waitForExport(String id) throws Exception {
        return Await.value(Duration.ofSeconds(30), "export " + id + " still pending", () -> {
            ExportRecord e = recorder.archive().export(id).orElseThrow();
            return e.state() != ExportState.pending ? e : null;
        });
    }

    static double sumExtinf(String text) {
        double sum = 0;
        Matcher m = Pattern.compile("#EXTINF:([0-9.]+),").matcher(text);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
