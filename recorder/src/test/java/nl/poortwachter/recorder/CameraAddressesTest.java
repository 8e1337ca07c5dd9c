package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera addresses through the recorder (issue 10 item 11): a camera saved while its address was allowed is checked
 * again at the next start and does not record when the policy now refuses it, saying why; and a probe does not tell
 * a closed port from a silent one or from one that speaks another protocol (same answer, same time), so it cannot
 * serve as a port scanner.
 */
class CameraAddressesTest {
    @TempDir
    Path dir;

    private static CameraSpec camera(String id, String url, boolean recording) {
        return new CameraSpec(id, "Camera " + id, url, null, null, null, null, null, null, "avg-building-security",
                null, recording, null);
    }

    @Test
    void aStoredCameraRefusedByTheCurrentPolicyDoesNotRecordAndSaysWhy() throws Exception {
        RecorderConfig loopbackAllowed = TestRecorders.config(dir, Duration.ofSeconds(3));
        try (Recorder r = Recorder.start(loopbackAllowed, new SimpleMeterRegistry())) {
            r.addCamera(camera("binnen", "rtsp://127.0.0.1:9/x", true));
            r.addCamera(camera("buiten", "rtsp://192.0.2.10/x", true));
        }
        RecorderConfig strict = loopbackAllowed.toBuilder().cameraSpecialAddresses(Set.of()).build();
        try (Recorder r = Recorder.start(strict, new SimpleMeterRegistry())) {
            CameraView refused = r.camera("binnen").orElseThrow();
            assertEquals(IngestState.failed, refused.status().state());
            assertTrue(refused.status().lastError().contains("refused by the current policy")
                    && refused.status().lastError().contains("loopback"), refused.status().lastError());
            assertFalse(r.liveFragments("binnen").isPresent(), "no pipeline: it does not connect at all");
            assertTrue(r.liveFragments("buiten").isPresent(), "an allowed camera records as before");
        }
    }

    @Test
    void aProbeAnswersClosedSilentAndNonRtspPortsAlikeAndAfterTheWholeBudget() throws Exception {
        Duration budget = Duration.ofSeconds(2);
        RecorderConfig config = TestRecorders.config(dir, Duration.ofSeconds(3)).toBuilder().probeTimeout(budget).build();
        List<Socket> held = new ArrayList<>();
        try (Recorder r = Recorder.start(config, new SimpleMeterRegistry());
             ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket web = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!web.isClosed()) {
                    try (Socket s = web.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Thread holder = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepts and never answers, as a filtering middlebox seems to
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            holder.setDaemon(true);
            holder.start();
            r.addCamera(camera("closed", "rtsp://127.0.0.1:" + CameraSimulator.freePort() + "/x", false));
            r.addCamera(camera("silent", "rtsp://127.0.0.1:" + silent.getLocalPort() + "/x", false));
            r.addCamera(camera("web", "rtsp://127.0.0.1:" + web.getLocalPort() + "/x", false));
            List<ProbeResult> answers = new ArrayList<>();
            List<Long> took = new ArrayList<>();
            for (String id : List.of("closed", "silent", "web")) {
                long t0 = System.nanoTime();
                answers.add(r.probe(id));
                took.add((System.nanoTime() - t0) / 1_000_000);
            }
            for (ProbeResult a : answers) {
                assertEquals(answers.get(0), a, "one answer for all three: " + answers);
            }
            assertEquals(ProbeResult.Problem.unreachable, answers.get(0).problem());
            assertEquals(budget.toMillis(), answers.get(0).elapsedMillis());
            for (long t : took) {
                assertTrue(t >= budget.toMillis() - 50 && t < budget.toMillis() * 2, "each takes the budget: " + took);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
