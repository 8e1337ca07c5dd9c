package nl.poortwachter.recorder.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.media.sdp.SdpVideo;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.TestRecorders;
import nl.poortwachter.recorder.testing.TinyRtspServer;
import org.junit.jupiter.api.Test;

/**
 * A camera inside the allowed networks (here 127.0.0.2) that answers RTSP with a redirect to a host outside them
 * (127.0.0.1) must not lead any reader there: our own client checks the Location before it connects, FFmpeg's
 * reader is checked before it opens (our DESCRIBE) and after (the URL it ended on), and probe reports it.
 */
class RedirectIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Predicate<InetAddress> CAMERA_NETWORK =
            new RtspUrlPolicy(List.of(Cidr.parse("127.0.0.2/32")))::allows;

    private static CameraSpec camera(String url) {
        return TestRecorders.camera("moved", url);
    }

    @Test
    void ourReaderDoesNotFollowARedirectOutOfTheNetworks() throws Exception {
        try (TinyRtspServer outside = TinyRtspServer.start("127.0.0.1", (c, m, r) -> TinyRtspServer.OPTIONS_OK);
             TinyRtspServer camera = TinyRtspServer.start("127.0.0.2", (c, m, r) -> TinyRtspServer.redirect(outside.url("/x")))) {
            RtspSource source = new RtspSource(camera(camera.url("/live")), TIMEOUT, CAMERA_NETWORK, System::currentTimeMillis);
            try {
                SourceException e = assertThrows(SourceException.class, source::open);
                assertEquals(ProbeResult.Problem.not_allowed, e.problem(), e.getMessage());
                assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
                assertFalse(e.permanent(), "the camera may stop redirecting: retried later");
            } finally {
                source.close();
            }
            assertEquals(1, camera.connections());
            assertEquals(0, outside.connections(), "nothing connected to the address outside the networks");
        }
    }

    @Test
    void ourReaderFollowsARedirectInsideTheNetworks() throws Exception {
        try (TinyRtspServer moved = TinyRtspServer.start("127.0.0.2", (c, m, r) -> m.equals("DESCRIBE")
                ? TinyRtspServer.sdp("rtsp://127.0.0.2/moved") : TinyRtspServer.OPTIONS_OK);
             TinyRtspServer camera = TinyRtspServer.start("127.0.0.2", (c, m, r) -> TinyRtspServer.redirect(moved.url("/live")));
             RtspClient client = new RtspClient(camera.url("/live"), null, null, TIMEOUT, CAMERA_NETWORK)) {
            SdpVideo video = client.describe();
            assertNotNull(video.codec());
            assertEquals(moved.url("/live"), client.url());
            assertEquals(1, client.redirects());
        }
    }

    @Test
    void aCameraOutsideTheNetworksIsRefusedForGood() throws Exception {
        try (TinyRtspServer outside = TinyRtspServer.start("127.0.0.1", (c, m, r) -> TinyRtspServer.OPTIONS_OK)) {
            RtspSource source = new RtspSource(camera(outside.url("/x")), TIMEOUT, CAMERA_NETWORK, System::currentTimeMillis);
            try {
                SourceException e = assertThrows(SourceException.class, source::open);
                assertEquals(ProbeResult.Problem.not_allowed, e.problem());
                assertTrue(e.permanent(), "a camera saved before the networks changed does not record, and says why");
            } finally {
                source.close();
            }
            assertEquals(0, outside.connections());
        }
    }

    @Test
    void ffmpegIsNotOpenedWhenOurDescribeIsRedirectedOut() throws Exception {
        try (TinyRtspServer outside = TinyRtspServer.start("127.0.0.1", (c, m, r) -> TinyRtspServer.OPTIONS_OK);
             TinyRtspServer camera = TinyRtspServer.start("127.0.0.2", (c, m, r) -> m.equals("DESCRIBE")
                     ? TinyRtspServer.redirect(outside.url("/x")) : TinyRtspServer.OPTIONS_OK)) {
            FfmpegSource source = new FfmpegSource(camera(camera.url("/live")), TIMEOUT, CAMERA_NETWORK,
                    System::currentTimeMillis, true);
            try {
                SourceException e = assertThrows(SourceException.class, source::open);
                assertEquals(ProbeResult.Problem.not_allowed, e.problem(), e.getMessage());
            } finally {
                source.close();
            }
            assertEquals(1, camera.connections(), "only our DESCRIBE: FFmpeg was never opened");
            assertEquals(0, outside.connections());
            ProbeResult probe = Prober.probe(camera(camera.url("/live")), TIMEOUT.multipliedBy(2), CAMERA_NETWORK);
            assertFalse(probe.ok());
            assertEquals(ProbeResult.Problem.not_allowed, probe.problem(), probe.toString());
            assertEquals(0, outside.connections());
        }
    }

    /** The camera answers our DESCRIBE properly and redirects only FFmpeg's (its later connections). */
    @Test
    void ffmpegRedirectedOutIsClosedBeforeItReadsAPacket() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start();
             TinyRtspServer camera = TinyRtspServer.start("127.0.0.2", (c, m, r) -> c % 2 == 1
                     ? (m.equals("DESCRIBE") ? TinyRtspServer.sdp("rtsp://127.0.0.2/live") : TinyRtspServer.OPTIONS_OK)
                     : TinyRtspServer.redirect(sim.url(CameraSimulator.SMALL)))) {
            FfmpegSource source = new FfmpegSource(camera(camera.url("/live")), TIMEOUT, CAMERA_NETWORK,
                    System::currentTimeMillis, true);
            try {
                SourceException e = assertThrows(SourceException.class, source::open);
                assertEquals(ProbeResult.Problem.not_allowed, e.problem(), e.getMessage());
                assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            } finally {
                source.close();
            }
            ProbeResult probe = Prober.probe(camera(camera.url("/live")), Duration.ofSeconds(8), CAMERA_NETWORK);
            assertFalse(probe.ok(), "probe: " + probe);
            assertEquals(ProbeResult.Problem.not_allowed, probe.problem(), probe.toString());
            assertEquals(null, probe.codec(), "nothing about the stream it was sent to is reported");
        }
    }
}
