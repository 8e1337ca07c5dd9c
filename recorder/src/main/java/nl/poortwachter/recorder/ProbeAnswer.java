package nl.poortwachter.recorder;

import java.time.Duration;
import nl.poortwachter.recorder.camera.ProbeResult;

/**
 * A probe's answer that does not make the gateway a port scanner (issue 10 item 11). An integrator can point a
 * camera at any host and port and probe it; if a closed port answered "refused" at once, a filtered one "timeout"
 * after a while and a web server "invalid data", the probe would map the network behind the gateway. So whatever did
 * not get an RTSP answer (refused, no route, timeout, not RTSP) gets one answer, {@code unreachable} with the same
 * words, and not before the probe's whole time budget has passed. Answers that only an RTSP server gives
 * (authentication failed, no such stream, the stream's format) stay as they are: that port is a camera.
 */
final class ProbeAnswer {
    static final String NO_RTSP_ANSWER = "no RTSP answer from the camera's address: it is unreachable, the port is "
            + "closed or filtered, or it does not speak RTSP";

    private ProbeAnswer() {
    }

    /**
     * @param started {@link System#nanoTime()} when the probe began
     * @return the result, or the one answer for "no RTSP server answered" once {@code budget} has passed
     */
    static ProbeResult uniform(ProbeResult r, Duration budget, long started) {
        if (r.ok() || !noRtspAnswer(r.problem())) {
            return r;
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        long rest = budget.toMillis() - elapsedMillis;
        if (rest > 0) {
            try {
                Thread.sleep(rest); // on the probe's own thread: the answer must take as long as a filtered port's
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The budget, not the time taken: by how much a silent port overran it would tell it from a closed one.
        return ProbeResult.failure(ProbeResult.Problem.unreachable, NO_RTSP_ANSWER, budget.toMillis());
    }

    private static boolean noRtspAnswer(ProbeResult.Problem p) {
        return p == ProbeResult.Problem.unreachable || p == ProbeResult.Problem.timeout
                || p == ProbeResult.Problem.error;
    }
}
