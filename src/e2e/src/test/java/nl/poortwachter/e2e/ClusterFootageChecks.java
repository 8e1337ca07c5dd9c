package nl.poortwachter.e2e;

import static nl.poortwachter.recorder.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.testing.Ffprobe;

/**
 * What ClusterFailoverIT checks of footage across nodes (D76, D77): a camera recorded by node A watched live through
 * node B (WebSocket and HLS) with the latency it adds; node A's footage played back and exported through node C, the
 * bytes the same as in A's files; a refused request refused alike on every node.
 */
final class ClusterFootageChecks {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURPOSE = URLEncoder.encode("Onderzoek incident 2026-114", StandardCharsets.UTF_8);
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\",BYTERANGE=\"(\\d+)@(\\d+)\"");
    private static final Pattern RANGE = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\\n([^\\n#]+)");

    private ClusterFootageChecks() {
    }

    /**
     * One viewer on the recording node and one on another at the same time: the other node's viewer gets pictures
     * (and live HLS) too. Returns the latency the relay adds: p50 there minus p50 on the recording node, in ms.
     */
    static long liveThroughAnotherNode(GatewayProcess recording, GatewayProcess other, String camera, String bearer)
            throws Exception {
        try (LiveClient local = LiveClient.open(recording, camera, bearer);
             LiveClient remote = LiveClient.open(other, camera, bearer)) {
            until(Duration.ofSeconds(30), "pictures through the other node", () -> remote.pictures().size() >= 75
                    && local.pictures().size() >= 75);
            assertTrue(remote.texts().stream().anyMatch(t -> t.contains("\"type\":\"init\"")), remote.texts().toString());
            long localP50 = local.latencies().get(local.latencies().size() / 2);
            long remoteP50 = remote.latencies().get(remote.latencies().size() / 2);
            System.out.println("live view through another node: p50 " + remoteP50 + " ms, max "
                    + remote.latencies().get(remote.latencies().size() - 1) + " ms (on the recording node: p50 "
                    + localP50 + " ms, max " + local.latencies().get(local.latencies().size() - 1) + " ms; "
                    + remote.pictures().size() + " and " + local.pictures().size() + " pictures)");
            assertTrue(remoteP50 - localP50 < 1_000, "the relay adds " + (remoteP50 - localP50) + " ms");

            // Live HLS through the other node too: a playlist, its init segment and a fragment.
            HttpResponse<byte[]> playlist = other.bytes("/api/v1/cameras/" + camera + "/live.m3u8", bearer, null);
            String text = new String(playlist.body(), StandardCharsets.UTF_8);
            assertEquals(200, playlist.statusCode(), text);
            Matcher fragment = Pattern.compile("(live/\\d+\\.m4s)").matcher(text);
            assertTrue(text.contains("#EXT-X-MAP:URI=\"live/init-") && fragment.find(), text);
            HttpResponse<byte[]> media = other.bytes("/api/v1/cameras/" + camera + "/" + fragment.group(1), bearer, null);
            assertEquals(200, media.statusCode());
            assertTrue(new String(media.body(), 0, Math.min(64, media.body().length), StandardCharsets.ISO_8859_1)
                    .contains("moof"), "a fragment of the camera");
            return remoteP50 - localP50;
        }
    }

    /**
     * Footage that only {@code holder} has, played back through {@code via}: every byte range of the playlist equals
     * the bytes of the holder's file; then exported through {@code via}, downloaded, probed and verified there.
     *
     * @param pathOfSegment a segment's file path in its node's storage folder, from the index
     */
    static void playbackAndExportThrough(GatewayProcess via, GatewayProcess holder, String holderNode, String camera,
                                         String bearer, LongFunction<String> pathOfSegment) throws Exception {
        Instant now = Instant.now();
        JsonNode recordings = JSON.readTree(via.raw("GET", "/api/v1/cameras/" + camera + "/recordings?from="
                + now.minusSeconds(600) + "&to=" + now, null, bearer).body());
        Instant from = null;
        Instant to = null;
        for (JsonNode s : recordings.path("segments")) {
            if (holderNode.equals(s.path("node").asText()) && s.path("complete").asBoolean()) {
                assertTrue(s.path("available").asBoolean(), "a live node's footage is available: " + s);
                from = from == null ? Instant.parse(s.path("start").asText()) : from;
                to = Instant.parse(s.path("end").asText());
            }
        }
        assertTrue(from != null && to.isAfter(from.plusSeconds(2)), "footage held by " + holderNode + ": " + recordings);
        String range = "from=" + from + "&to=" + to + "&purpose=" + PURPOSE;

        HttpResponse<byte[]> playlist = via.bytes("/api/v1/cameras/" + camera + "/playback.m3u8?" + range, bearer, null);
        String text = new String(playlist.body(), StandardCharsets.UTF_8);
        assertEquals(200, playlist.statusCode(), text);
        List<String[]> ranges = new ArrayList<>(); // uri, length, offset
        for (Matcher m = MAP.matcher(text); m.find(); ) {
            ranges.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        for (Matcher m = RANGE.matcher(text); m.find(); ) {
            ranges.add(new String[] {m.group(3), m.group(1), m.group(2)});
        }
        assertTrue(ranges.size() >= 2, text);
        for (String[] r : ranges) {
            long length = Long.parseLong(r[1]);
            long offset = Long.parseLong(r[2]);
            HttpResponse<byte[]> got = via.bytes("/api/v1/cameras/" + camera + "/" + r[0], bearer,
                    "bytes=" + offset + "-" + (offset + length - 1));
            assertEquals(206, got.statusCode(), r[0]);
            long segment = Long.parseLong(r[0].replaceAll("media/(\\d+)\\.mp4.*", "$1"));
            assertArrayEquals(bytesOf(holder.storage().resolve(pathOfSegment.apply(segment)), offset, (int) length),
                    got.body(), "segment " + segment + " bytes " + offset + "+" + length + " as in node's file");
        }

        HttpResponse<String> requested = via.raw("POST", "/api/v1/cameras/" + camera + "/exports?" + range, null, bearer);
        assertEquals(202, requested.statusCode(), requested.body());
        String id = JSON.readTree(requested.body()).path("id").asText();
        String record = "/api/v1/cameras/" + camera + "/exports/" + id;
        until(Duration.ofSeconds(60), "export made through " + via, () -> "ready".equals(JSON.readTree(via.raw("GET", record, null,
                bearer).body()).path("state").asText()));
        HttpResponse<byte[]> file = via.bytes(record + "/file?purpose=" + PURPOSE, bearer, null);
        assertEquals(200, file.statusCode());
        Path mp4 = Files.createTempFile("cluster-export", ".mp4");
        try {
            Files.write(mp4, file.body());
            JsonNode probe = Ffprobe.probe(mp4);
            double seconds = probe.path("format").path("duration").asDouble();
            assertTrue(seconds > 1.5, "exported footage plays: " + probe);
        } finally {
            Files.deleteIfExists(mp4);
        }
        JsonNode verified = JSON.readTree(via.raw("GET", record + "/verify", null, bearer).body());
        assertTrue(verified.path("ok").asBoolean(), verified.toString());
    }

    /** A request the user has no grant for is refused on every node, each answer the same. */
    static void refusedAlikeOnEveryNode(List<GatewayProcess> nodes, String camera, String bearer) throws Exception {
        Instant now = Instant.now();
        for (GatewayProcess gw : nodes) {
            assertEquals(403, gw.raw("GET", "/api/v1/cameras/" + camera + "/live.m3u8", null, bearer).statusCode());
            HttpResponse<String> playback = gw.raw("GET", "/api/v1/cameras/" + camera + "/playback.m3u8?from="
                    + now.minusSeconds(60) + "&to=" + now + "&purpose=" + PURPOSE, null, bearer);
            assertEquals(403, playback.statusCode(), playback.body());
        }
    }

    private static byte[] bytesOf(Path file, long offset, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }
}
