package nl.poortwachter.recorder.camera;

/** What a single connection attempt to a camera found: its video format, or why it failed. */
public record ProbeResult(
        boolean ok,
        String codec,
        Integer width,
        Integer height,
        Double fps,
        boolean hasAudio,
        Problem problem,
        String message,
        long elapsedMillis) {

    /** not_allowed: the camera's address, or where it redirected, lies outside the allowed camera networks. */
    public enum Problem { auth_failed, unreachable, timeout, not_found, unsupported_codec, no_video, not_allowed, error }

    public static ProbeResult success(String codec, int width, int height, double fps, boolean hasAudio, long elapsed) {
        return new ProbeResult(true, codec, width, height, fps, hasAudio, null, null, elapsed);
    }

    public static ProbeResult failure(Problem problem, String message, long elapsed) {
        return new ProbeResult(false, null, null, null, null, false, problem, message, elapsed);
    }
}
