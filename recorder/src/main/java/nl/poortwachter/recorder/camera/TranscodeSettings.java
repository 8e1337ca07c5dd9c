package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Encoder settings for a camera in transcode mode; every field optional (null = the gateway's default, the
 * settings table's {@code transcode.*} rows). Either {@code crf} (constant quality) or {@code bitrateKbps} (average
 * bitrate, capped at 1.5x as VBV max) — not both. The same record carries the box-wide defaults themselves
 * ({@code RecorderConfig.transcode()}), and a camera's settings over them ({@link #resolve}).
 *
 * @param preset     libx264 preset; unset means the default preset with the default {@code x264Params}; a preset
 *                   given alone means exactly that preset
 * @param maxHeight  scale down (keeping the aspect ratio) when the camera sends more lines than this
 * @param maxFps     drop frames above this rate
 * @param threads    decoder and encoder threads per camera (1: cheapest when many cameras share few cores)
 * @param encoder    which encoder (see {@link VideoEncoder}); a hardware encoder the machine lacks falls back to libx264
 * @param x264Params extra libx264 options, {@code key=value:key=value} as FFmpeg's {@code -x264-params}; only the
 *                   keys that trade speed against quality (see {@link X264Params})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscodeSettings(String preset, Integer crf, Integer bitrateKbps, Integer gopFrames, Integer maxHeight,
                                Integer maxFps, Integer threads, VideoEncoder encoder, String x264Params) {

    /** libx264's presets, fastest first: what a camera and the box-wide default may name. */
    public static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
            "slow", "slower", "veryslow");
    /** The ranges a camera and the box-wide defaults may set (the camera validator and the settings table check them). */
    public static final int MIN_BITRATE_KBPS = 100;
    public static final int MAX_BITRATE_KBPS = 50_000;
    public static final int MIN_GOP_FRAMES = 1;
    public static final int MAX_GOP_FRAMES = 600;
    public static final int MIN_THREADS = 0;
    public static final int MAX_THREADS = 16;

    /** Settings without encoder choice or x264 options (both default). */
    public TranscodeSettings(String preset, Integer crf, Integer bitrateKbps, Integer gopFrames, Integer maxHeight,
                             Integer maxFps, Integer threads) {
        this(preset, crf, bitrateKbps, gopFrames, maxHeight, maxFps, threads, null, null);
    }

    /**
     * What a camera runs with: its own settings where it has them, else the box-wide {@code defaults}. A crf given
     * without a bitrate switches the camera to constant quality (no default bitrate then); a preset given alone means
     * exactly that preset, without the default's x264 options (they were chosen for the default preset).
     *
     * @param camera the camera's settings, or null for none of its own
     */
    public static TranscodeSettings resolve(TranscodeSettings camera, TranscodeSettings defaults) {
        if (camera == null) {
            return defaults;
        }
        boolean quality = camera.crf != null && camera.bitrateKbps == null;
        return new TranscodeSettings(camera.preset != null ? camera.preset : defaults.preset,
                camera.crf != null ? camera.crf : defaults.crf,
                quality ? null : camera.bitrateKbps != null ? camera.bitrateKbps : defaults.bitrateKbps,
                camera.gopFrames != null ? camera.gopFrames : defaults.gopFrames,
                camera.maxHeight != null ? camera.maxHeight : defaults.maxHeight,
                camera.maxFps != null ? camera.maxFps : defaults.maxFps,
                camera.threads != null ? camera.threads : defaults.threads,
                camera.encoder != null ? camera.encoder : defaults.encoder,
                camera.x264Params != null || camera.preset != null ? camera.x264Params : defaults.x264Params);
    }

    /** Whether every setting the encoder needs is there (an encoder is opened only with such settings). */
    public boolean complete() {
        return preset != null && gopFrames != null && threads != null && encoder != null
                && (bitrateKbps != null || crf != null);
    }
}
