package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.ingest.source.Sources;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;

/**
 * Before every connection the camera's host is resolved and judged again (issue 10 item 11: a name may point
 * elsewhere than when the camera was saved): a refused address is never connected to, and the status says why.
 */
class CameraSessionAddressTest {
    @Test
    void aRefusedAddressIsNotConnectedToAndTheStatusSaysWhy() throws Exception {
        RtspUrlPolicy strict = new RtspUrlPolicy(AddressPolicy.of(java.util.List.of()));
        RecorderConfig.Ingest settings = TestRecorders.config(java.nio.file.Path.of("unused"), java.time.Duration
                .ofSeconds(3)).ingest();
        AtomicInteger checks = new AtomicInteger();
        try (ServerSocket camera = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            camera.setSoTimeout(1500);
            CameraSpec spec = TestRecorders.camera("binnen", "rtsp://localhost:" + camera.getLocalPort() + "/x");
            CameraSession session = new CameraSession(spec, settings,
                    new Sources(settings, strict::allows, System::currentTimeMillis), new FragmentBus(), new LiveFeed(),
                    IngestCounters.NONE, new ConnectSlots(1), Clock.systemUTC(), url -> {
                        checks.incrementAndGet();
                        return strict.refusalNow(url);
                    });
            session.start();
            try {
                Await.until(java.time.Duration.ofSeconds(10), "judged again at the next attempt",
                        () -> checks.get() >= 2);
                String error = session.status().lastError();
                assertTrue(error != null && error.contains("not allowed") && error.contains("loopback"), error);
                // Two attempts were judged (above): had either connected, it would be waiting to be accepted.
                assertThrows(SocketTimeoutException.class, () -> camera.accept().close(),
                        "the session connected to a refused address");
            } finally {
                session.stop();
            }
        }
    }
}
