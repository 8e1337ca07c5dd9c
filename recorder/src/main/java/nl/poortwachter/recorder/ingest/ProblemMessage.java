package nl.poortwachter.recorder.ingest;

import nl.poortwachter.recorder.ProbeResult.Problem;

/** What an integrator reads in a camera's status for a problem, whichever RTSP reader met it. No secrets. */
public final class ProblemMessage {
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
}
