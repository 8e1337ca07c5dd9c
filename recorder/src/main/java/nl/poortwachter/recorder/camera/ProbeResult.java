package nl.poortwachter.recorder.camera;

import java.util.Map;

/**
 * What a single connection attempt to a camera found: its video format and in which pipeline modes it can be
 * recorded, or why it failed.
 *
 * @param ok      connected, found video, and the video can be recorded in {@code mode}
 * @param mode    the mode judged: the camera's own (a configured camera) or the one asked about (a camera being
 *                added; transcode when none was given); null when the connection failed
 * @param modes   for each mode whether this video can be recorded in it: transcode takes anything libav decodes
 *                (MJPEG included), passthrough only H.264 and H.265; empty when the connection failed
 * @param problem why not ok: a connection problem, or {@code unsupported_codec} when the video cannot be recorded
 *                in {@code mode} (then {@code modes} says which mode would work)
 */
public record ProbeResult(
        boolean ok,
        String codec,
        Integer width,
        Integer height,
        Double fps,
        boolean hasAudio,
        PipelineMode mode,
        Map<PipelineMode, Boolean> modes,
        Problem problem,
        String message,
        long elapsedMillis) {

    /** not_allowed: the camera's address, or where it redirected, lies outside the allowed camera networks. */
    public enum Problem { auth_failed, unreachable, timeout, not_found, unsupported_codec, no_video, not_allowed, error }

    public ProbeResult {
        modes = modes == null ? Map.of() : Map.copyOf(modes);
    }

    /**
     * The camera answered with video in {@code codec}; whether that is ok depends on the mode.
     *
     * @param transcodable   libav has a decoder for it
     * @param passthroughable it is H.264 or H.265, which are recorded as they are
     */
    public static ProbeResult connected(String codec, int width, int height, double fps, boolean hasAudio,
                                        PipelineMode mode, boolean transcodable, boolean passthroughable, long elapsed) {
        PipelineMode judged = mode == null ? PipelineMode.transcode : mode;
        Map<PipelineMode, Boolean> modes = Map.of(PipelineMode.transcode, transcodable,
                PipelineMode.passthrough, passthroughable);
        if (modes.get(judged)) {
            return new ProbeResult(true, codec, width, height, fps, hasAudio, judged, modes, null, null, elapsed);
        }
        String message = judged == PipelineMode.passthrough && transcodable
                ? "codec '" + codec + "' can only be recorded with transcoding (mode 'transcode'); H.264 and H.265 are"
                        + " recorded as they are"
                : "codec '" + codec + "' cannot be decoded by this gateway";
        return new ProbeResult(false, codec, width, height, fps, hasAudio, judged, modes, Problem.unsupported_codec,
                message, elapsed);
    }

    public static ProbeResult failure(Problem problem, String message, long elapsed) {
        return new ProbeResult(false, null, null, null, null, false, null, Map.of(), problem, message, elapsed);
    }
}
