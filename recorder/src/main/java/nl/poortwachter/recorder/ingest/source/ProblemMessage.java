package nl.poortwachter.recorder.ingest.source;

import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.recorder.camera.ProbeResult.Problem;

/** What an integrator reads in a camera's status for a problem, whichever RTSP reader met it. No secrets. */
final class ProblemMessage {
    private ProblemMessage() {
    }

    /** @param detail the reader's own words, already free of credentials; shown where they help */
    public static String of(Problem problem, String detail) {
        return switch (problem) {
            case auth_failed -> "authentication failed (check username and password)";
            case not_found -> "the camera has no stream at this path (RTSP 404)";
            case unreachable -> "camera unreachable (connection refused or no route): " + detail;
            case timeout -> "camera did not answer in time";
            default -> detail;
        };
    }

    /** Our own RTSP client's failure, in the same words as FFmpeg's (its message holds no secret). */
    public static String of(RtspException e) {
        return of(problem(e.kind()), e.getMessage());
    }

    /** The one place where the media module's failure kinds become the camera API's problems. */
    static Problem problem(RtspException.Kind kind) {
        return switch (kind) {
            case auth_failed -> Problem.auth_failed;
            case unreachable -> Problem.unreachable;
            case timeout -> Problem.timeout;
            case not_found -> Problem.not_found;
            case no_video -> Problem.no_video;
            case not_allowed -> Problem.not_allowed;
            case error -> Problem.error;
        };
    }
}
