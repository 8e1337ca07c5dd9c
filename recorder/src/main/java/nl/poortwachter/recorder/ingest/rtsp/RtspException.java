package nl.poortwachter.recorder.ingest.rtsp;

import nl.poortwachter.recorder.ProbeResult.Problem;
import nl.poortwachter.recorder.ingest.ProblemMessage;

/** A failed RTSP exchange, classified the way the camera API reports problems. The message holds no secret. */
public final class RtspException extends Exception {
    private final Problem problem;

    public RtspException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public RtspException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** What the integrator reads in the camera's status: the same wording as for FFmpeg's errors. */
    public String describe() {
        return ProblemMessage.of(problem, getMessage());
    }
}
