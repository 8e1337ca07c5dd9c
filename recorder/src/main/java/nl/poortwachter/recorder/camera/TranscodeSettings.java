package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * libx264 settings for a camera in transcode mode; every field optional (null = default). Either {@code crf}
 * (constant quality) or {@code bitrateKbps} (average bitrate, capped at 1.5x as VBV max) — not both.
 *
 * @param maxHeight scale down (keeping the aspect ratio) when the camera sends more lines than this
 * @param maxFps    drop frames above this rate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscodeSettings(String preset, Integer crf, Integer bitrateKbps, Integer gopFrames, Integer maxHeight,
                                Integer maxFps, Integer threads) {

    public static final TranscodeSettings DEFAULTS = new TranscodeSettings("veryfast", null, 2000, 50, null, null, 1);

    /** Fills unset fields from the defaults; a crf given without bitrate switches to constant quality. */
    public TranscodeSettings withDefaults() {
        boolean quality = crf != null && bitrateKbps == null;
        return new TranscodeSettings(preset != null ? preset : DEFAULTS.preset, crf,
                quality ? null : bitrateKbps != null ? bitrateKbps : DEFAULTS.bitrateKbps,
                gopFrames != null ? gopFrames : DEFAULTS.gopFrames, maxHeight, maxFps,
                threads != null ? threads : DEFAULTS.threads);
    }
}
