package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Encoder settings for a camera in transcode mode; every field optional (null = default). Either {@code crf}
 * (constant quality) or {@code bitrateKbps} (average bitrate, capped at 1.5x as VBV max) — not both.
 *
 * @param preset     libx264 preset; unset means the measured default, {@link #DEFAULTS}' preset with its
 *                   {@code x264Params}; a preset given alone means exactly that preset
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

    /**
     * The default, chosen by measurement (docs/benchmarks.md, docs/decisions.md D30): libx264 ultrafast with CABAC
     * and adaptive quantisation, the most 1080p25 cameras per core at SSIM >= 0.97 on both benchmark clips.
     */
    public static final TranscodeSettings DEFAULTS = new TranscodeSettings("ultrafast", null, 2000, 50, null, null, 1,
            VideoEncoder.libx264, "cabac=1:aq-mode=1");

    /** Settings without encoder choice or x264 options (both default). */
    public TranscodeSettings(String preset, Integer crf, Integer bitrateKbps, Integer gopFrames, Integer maxHeight,
                             Integer maxFps, Integer threads) {
        this(preset, crf, bitrateKbps, gopFrames, maxHeight, maxFps, threads, null, null);
    }

    /** Fills unset fields from the defaults; a crf given without bitrate switches to constant quality. */
    public TranscodeSettings withDefaults() {
        boolean quality = crf != null && bitrateKbps == null;
        return new TranscodeSettings(preset != null ? preset : DEFAULTS.preset, crf,
                quality ? null : bitrateKbps != null ? bitrateKbps : DEFAULTS.bitrateKbps,
                gopFrames != null ? gopFrames : DEFAULTS.gopFrames, maxHeight, maxFps,
                threads != null ? threads : DEFAULTS.threads, encoder != null ? encoder : DEFAULTS.encoder,
                x264Params != null || preset != null ? x264Params : DEFAULTS.x264Params);
    }
}
