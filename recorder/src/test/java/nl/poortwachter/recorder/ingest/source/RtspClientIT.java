package nl.poortwachter.recorder.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.PictureSize;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.rtsp.RtspException.Kind;
import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.media.sdp.SdpVideo;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our RTSP client against the real GStreamer RTSP server: handshake, auth, depacketising, picture sizes, errors. */
class RtspClientIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static CameraSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = CameraSimulator.start();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    /** What a client read in about a second of streaming. */
    record Reading(SdpVideo video, int pictures, int keyframes, PictureSize size, long rtpPackets, long socketReads) {
    }

    private static Reading read(String path, String user, String password, int pictures) throws Exception {
        List<byte[]> units = new ArrayList<>();
        try (RtspClient client = new RtspClient(sim.url(path), user, password, TIMEOUT)) {
            SdpVideo video = client.start((data, length, ts, damaged) -> {
                assertFalse(damaged, "no loss over TCP on loopback");
                units.add(java.util.Arrays.copyOf(data, length));
            });
            if (video.codec() == null) {
                return new Reading(video, 0, 0, null, 0, 0);
            }
            while (units.size() < pictures) {
                client.readNext();
            }
            NalScanner scanner = new NalScanner();
            VideoCodec codec = video.codec();
            PictureSize size = null;
            int keyframes = 0;
            for (byte[] unit : units) {
                int n = scanner.scanAnnexB(unit, unit.length);
                for (int i = 0; i < n; i++) {
                    int type = codec.nalType(unit, scanner.start(i));
                    keyframes += codec.isKeyframe(type) ? 1 : 0;
                    if (size == null && type == (codec == VideoCodec.H264 ? 7 : 33)) {
                        size = PictureSize.of(codec, java.util.Arrays.copyOfRange(unit, scanner.start(i), scanner.end(i)));
                    }
                }
            }
            return new Reading(video, units.size(), keyframes, size, client.rtpPackets(), client.socketReads());
        }
    }

    @Test
    void readsH264PicturesWithFewerSocketReadsThanPackets() throws Exception {
        Reading r = read(CameraSimulator.SMALL, null, null, 60);
        assertEquals(VideoCodec.H264, r.video().codec());
        assertEquals(new PictureSize(640, 360), r.size());
        assertTrue(r.keyframes() >= 1, "a GOP of 25 brings a keyframe within 60 pictures");
        assertTrue(r.socketReads() < r.rtpPackets(), "reads " + r.socketReads() + " for " + r.rtpPackets() + " packets");
    }

    @Test
    void aLongerReadWaitWakesTheReaderLessOften() throws Exception {
        // D93: a camera only recorded waits 100 ms between reads once the socket ran dry. This small stream's 100 ms
        // fit one read (a keyframe may take a second one); however late the thread runs, it reads no more often than
        // that. With the 40 ms of a watched camera it reads 2.5 times as often.
        try (RtspClient client = new RtspClient(sim.url(CameraSimulator.SMALL), null, null, TIMEOUT)) {
            AtomicInteger pictures = new AtomicInteger();
            client.start((data, length, ts, damaged) -> pictures.incrementAndGet());
            client.readWaitMillis(RtspSource.RECORDED_READ_WAIT_MILLIS);
            while (pictures.get() < 5) {
                client.readNext(); // past the start's burst
            }
            long reads0 = client.socketReads();
            long t0 = System.nanoTime();
            while (pictures.get() < 55) {
                client.readNext();
            }
            double waits = (System.nanoTime() - t0) / 1e6 / RtspSource.RECORDED_READ_WAIT_MILLIS;
            long reads = client.socketReads() - reads0;
            assertTrue(reads <= Math.ceil(waits) + 8, reads + " socket reads in " + waits + " waits of 100 ms");
        }
    }

    @Test
    void hikvisionPathWithAudioGivesVideoAndTheCroppedFullHdSize() throws Exception {
        Reading r = read(CameraSimulator.HIKVISION, null, null, 30);
        assertEquals(new PictureSize(1920, 1080), r.size(), "1088 coded lines cropped to 1080");
    }

    @Test
    void dahuaPathWithQueryString() throws Exception {
        assertEquals(new PictureSize(1920, 1080), read(CameraSimulator.DAHUA, null, null, 10).size());
    }

    @Test
    void h265() throws Exception {
        Reading r = read(CameraSimulator.H265, null, null, 30);
        assertEquals(VideoCodec.H265, r.video().codec());
        assertEquals(new PictureSize(1280, 720), r.size());
    }

    @Test
    void digestAuthentication() throws Exception {
        Reading r = read(CameraSimulator.DIGEST, CameraSimulator.DIGEST_USER, CameraSimulator.DIGEST_PASSWORD, 10);
        assertEquals(10, r.pictures());
        RtspException wrong = assertThrows(RtspException.class,
                () -> read(CameraSimulator.DIGEST, CameraSimulator.DIGEST_USER, "wrong", 1));
        assertEquals(Kind.auth_failed, wrong.kind());
        assertFalse(ProblemMessage.of(wrong).contains("wrong"));
        RtspException none = assertThrows(RtspException.class, () -> read(CameraSimulator.DIGEST, null, null, 1));
        assertEquals(Kind.auth_failed, none.kind());
    }

    @Test
    void mjpegIsReportedAsAnotherCodec() throws Exception {
        Reading r = read("/mjpeg", null, null, 1);
        assertNull(r.video().codec());
        assertEquals("JPEG", r.video().encodingName());
    }

    @Test
    void clearErrors() throws Exception {
        assertEquals(Kind.not_found, assertThrows(RtspException.class, () -> read("/nothing", null, null, 1)).kind());
        String closed = "rtsp://127.0.0.1:" + CameraSimulator.freePort() + "/x";
        RtspException refused = assertThrows(RtspException.class, () -> {
            try (RtspClient c = new RtspClient(closed, null, null, TIMEOUT)) {
                c.start((d, n, t, x) -> { });
            }
        });
        assertEquals(Kind.unreachable, refused.kind());
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        RtspClient client = new RtspClient(sim.url(CameraSimulator.SMALL), null, null, Duration.ofSeconds(30));
        AtomicInteger pictures = new AtomicInteger();
        client.start((d, n, t, x) -> pictures.incrementAndGet());
        Thread closer = new Thread(() -> {
            try {
                // Pictures arriving: the reader is in its loop, where it spends its time blocked in a read.
                Await.until(Duration.ofSeconds(20), "pictures read", () -> pictures.get() >= 3);
            } catch (Exception e) {
                return; // the reader then runs into its 30 s timeout, which fails the test below
            }
            client.close();
        });
        long start = System.nanoTime();
        closer.start();
        assertThrows(RtspException.class, () -> {
            while (true) {
                client.readNext();
            }
        });
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "ended long before the 30 s timeout");
        closer.join();
    }
}
