package nl.poortwachter.media.fuzzing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import nl.poortwachter.media.fmp4.Fmp4FileScanner;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.PictureSize;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.media.rtp.RtpDepacketizer;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.sdp.SdpVideo;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus still is what it was captured as (docs/fuzzing.md): if a parser change made the samples fail
 * early, fuzzing would start at the surface and the deep paths would go unfuzzed without anyone noticing.
 */
class SeedCorpusTest {
    private static final Map<String, VideoCodec> CODECS = Map.of("hikvision", VideoCodec.H264, "dahua", VideoCodec.H264,
            "digest", VideoCodec.H264, "small", VideoCodec.H264, "h265", VideoCodec.H265);
    private static final Map<String, PictureSize> SIZES = Map.of("hikvision", new PictureSize(1920, 1080),
            "dahua", new PictureSize(1920, 1080), "digest", new PictureSize(1920, 1080),
            "small", new PictureSize(640, 360), "h265", new PictureSize(1280, 720));

    /** The seeds of these mounts in a target's directory (findings kept there are not seeds of a mount). */
    private static Map<String, byte[]> seeds(String dir, String... names) throws IOException, URISyntaxException {
        Path d = Path.of(SeedCorpusTest.class.getResource("/nl/poortwachter/media/" + dir).toURI());
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : names) {
            out.put(name, Files.readAllBytes(d.resolve(name)));
        }
        return out;
    }

    private static Map<String, byte[]> seeds(String dir) throws IOException, URISyntaxException {
        return seeds(dir, CODECS.keySet().toArray(new String[0]));
    }

    @Test
    void everyCameraSeedReachesPlay() throws Exception {
        Map<String, byte[]> seeds = seeds("rtsp/RtspClientFuzzTestInputs/start", "hikvision", "dahua", "digest", "small", "h265", "mjpeg");
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Void> camera = CompletableFuture.runAsync(() -> play(server, seed.getValue()));
                try (RtspClient client = new RtspClient("rtsp://127.0.0.1:" + server.getLocalPort() + "/cam",
                        "admin", "any", Duration.ofSeconds(5))) {
                    SdpVideo video = client.start((d, n, ts, damaged) -> { });
                    assertEquals(CODECS.get(seed.getKey()), video.codec(), seed.getKey());
                }
                camera.join();
            }
        }
    }

    @Test
    void everySessionDescriptionHasItsVideoTrack() throws Exception {
        for (Map.Entry<String, byte[]> seed : seeds("sdp/SdpVideoFuzzTestInputs/parse", "hikvision", "dahua", "digest", "small", "h265", "mjpeg").entrySet()) {
            SdpVideo v = SdpVideo.parse(new String(seed.getValue(), StandardCharsets.UTF_8), "rtsp://127.0.0.1/cam");
            assertEquals(seed.getKey().equals("mjpeg") ? "JPEG" : CODECS.get(seed.getKey()).name(), v.encodingName(), seed.getKey());
        }
    }

    @Test
    void everyParameterSetSeedGivesItsPictureSizeAndAConfiguration() throws Exception {
        for (Map.Entry<String, byte[]> seed : seeds("h26x/PictureSizeFuzzTestInputs/of").entrySet()) {
            assertEquals(SIZES.get(seed.getKey()), PictureSize.of(CODECS.get(seed.getKey()), seed.getValue()), seed.getKey());
        }
        for (Map.Entry<String, byte[]> seed : seeds("h26x/CodecConfigFuzzTestInputs/build").entrySet()) {
            byte[] b = seed.getValue();
            NalScanner s = new NalScanner();
            int n = s.scanAnnexB(b, b.length);
            java.util.List<byte[]> nals = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                nals.add(java.util.Arrays.copyOfRange(b, s.start(i), s.end(i)));
            }
            assertNotNull(CodecConfig.build(CODECS.get(seed.getKey()), 1, 1, nals), seed.getKey());
        }
    }

    @Test
    void everyRtpSeedHoldsTheStartOfAKeyframe() throws Exception {
        for (Map.Entry<String, byte[]> seed : seeds("rtp/RtpDepacketizerFuzzTestInputs/packets").entrySet()) {
            VideoCodec codec = CODECS.get(seed.getKey());
            boolean[] keyframe = new boolean[1];
            NalScanner s = new NalScanner();
            RtpDepacketizer d = new RtpDepacketizer(codec, 90_000, (data, n, ts, damaged) -> {
                int units = s.scanAnnexB(data, n);
                for (int i = 0; i < units; i++) {
                    keyframe[0] |= codec.isKeyframe(codec.nalType(data, s.start(i)));
                }
            });
            byte[] b = seed.getValue();
            for (int p = 0; p + 4 <= b.length; p += 4 + ((b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff)) {
                d.packet(b, p + 4, (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff);
            }
            assertTrue(keyframe[0], seed.getKey());
        }
    }

    @Test
    void everySegmentSeedIsPlayableAndItsTornCopyLosesItsLastFragment() throws Exception {
        Path file = Files.createTempFile("seed", ".mp4");
        try {
            for (Map.Entry<String, byte[]> seed : seeds("fmp4/Fmp4FileScannerFuzzTestInputs/scan", "hikvision", "hikvision-torn",
                    "dahua", "dahua-torn", "digest", "digest-torn", "small", "small-torn", "h265", "h265-torn").entrySet()) {
                Files.write(file, seed.getValue());
                Fmp4FileScanner.Scan s = Fmp4FileScanner.scan(file);
                boolean torn = seed.getKey().endsWith("-torn");
                assertTrue(s.playable(), seed.getKey());
                assertEquals(torn ? 2 : 3, s.fragments().size(), seed.getKey());
                assertEquals(torn, s.validLength() < s.fileLength(), seed.getKey());
            }
        } finally {
            Files.delete(file);
        }
    }

    /** Sends the camera's bytes, ends its side, reads the client's until it closes. */
    private static void play(ServerSocket server, byte[] cameraBytes) {
        try (Socket s = server.accept()) {
            s.getOutputStream().write(cameraBytes);
            s.shutdownOutput();
            s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client closed first
        }
    }
}
