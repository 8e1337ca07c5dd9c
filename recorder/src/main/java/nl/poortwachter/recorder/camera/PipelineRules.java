package nl.poortwachter.recorder.camera;

import static nl.poortwachter.recorder.camera.TranscodeSettings.MAX_BITRATE_KBPS;
import static nl.poortwachter.recorder.camera.TranscodeSettings.MAX_GOP_FRAMES;
import static nl.poortwachter.recorder.camera.TranscodeSettings.MAX_THREADS;
import static nl.poortwachter.recorder.camera.TranscodeSettings.MIN_BITRATE_KBPS;
import static nl.poortwachter.recorder.camera.TranscodeSettings.MIN_GOP_FRAMES;
import static nl.poortwachter.recorder.camera.TranscodeSettings.MIN_THREADS;
import static nl.poortwachter.recorder.camera.TranscodeSettings.PRESETS;

import java.util.List;

/** Checks a camera's pipeline: mode against the passthrough policy, transcode settings, privacy masks. */
final class PipelineRules {
    private static final int MAX_MASKS = 16;
    private static final int MAX_POINTS = 64;

    private final PassthroughPolicy policy;

    PipelineRules(PassthroughPolicy policy) {
        this.policy = policy;
    }

    /** @return the camera with mode defaulted and a needless override dropped */
    CameraSpec check(CameraSpec c) {
        PipelineMode mode = c.mode() == null ? PipelineMode.transcode : c.mode();
        List<PrivacyMask> masks = c.masks() == null ? List.of() : List.copyOf(c.masks());
        masks.forEach(PipelineRules::checkMask);
        if (masks.size() > MAX_MASKS) {
            throw new InvalidCameraException("masks", "at most " + MAX_MASKS + " masks");
        }
        TranscodeSettings t = c.transcode() == null ? null : checkTranscode(c.transcode());
        PolicyOverride override = c.policyOverride();
        if (mode == PipelineMode.passthrough) {
            if (!masks.isEmpty()) {
                throw new InvalidCameraException("mode", "a camera with privacy masks must be transcoded: masks exist only"
                        + " in re-encoded video (remove the masks or keep mode 'transcode')");
            }
            if (policy.trusts(c.id(), c.vendor())) {
                override = null;
            } else if (override == null || override.reason() == null || override.reason().isBlank()) {
                throw new InvalidCameraException("mode", "passthrough is not allowed for this camera by the vendor policy"
                        + " (vendor '" + (c.vendor() == null ? "" : c.vendor()) + "'); an administrator can override it"
                        + " with \"policyOverride\": {\"reason\": \"…\"}");
            } else if (override.reason().length() > 500) {
                throw new InvalidCameraException("policyOverride", "reason is longer than 500 characters");
            }
        } else {
            override = null;
        }
        return c.withPipeline(mode, t, masks, override);
    }

    private static TranscodeSettings checkTranscode(TranscodeSettings t) {
        if (t.preset() != null && !PRESETS.contains(t.preset())) {
            throw new InvalidCameraException("transcode.preset", "must be one of " + PRESETS.stream().sorted().toList());
        }
        if (t.crf() != null && t.bitrateKbps() != null) {
            throw new InvalidCameraException("transcode.crf", "give either crf or bitrateKbps, not both");
        }
        range("transcode.crf", t.crf(), 0, 51);
        range("transcode.bitrateKbps", t.bitrateKbps(), MIN_BITRATE_KBPS, MAX_BITRATE_KBPS);
        range("transcode.gopFrames", t.gopFrames(), MIN_GOP_FRAMES, MAX_GOP_FRAMES);
        range("transcode.maxHeight", t.maxHeight(), 144, 4320);
        range("transcode.maxFps", t.maxFps(), 1, 60);
        range("transcode.threads", t.threads(), MIN_THREADS, MAX_THREADS);
        if (t.maxHeight() != null && t.maxHeight() % 2 != 0) {
            throw new InvalidCameraException("transcode.maxHeight", "must be even");
        }
        if (t.x264Params() != null) {
            X264Params.check(t.x264Params());
        }
        return t;
    }

    private static void range(String field, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            throw new InvalidCameraException(field, "must be between " + min + " and " + max);
        }
    }

    private static void checkMask(PrivacyMask m) {
        if (m == null) {
            throw new InvalidCameraException("masks", "must not contain null");
        }
        if ((m.rect() == null) == (m.polygon() == null)) {
            throw new InvalidCameraException("masks", "each mask needs exactly one of 'rect' [x, y, width, height] or 'polygon' [[x, y], ...]");
        }
        if (m.fill() == null) {
            throw new InvalidCameraException("masks.fill", "is required: 'solid' or 'blur'");
        }
        if (m.color() != null && !m.color().matches("#[0-9a-fA-F]{6}")) {
            throw new InvalidCameraException("masks.color", "must look like #rrggbb");
        }
        if (m.rect() != null) {
            List<Double> r = m.rect();
            if (r.size() != 4 || r.stream().anyMatch(v -> v == null || v < 0 || v > 1)) {
                throw new InvalidCameraException("masks.rect", "must be [x, y, width, height], each between 0 and 1");
            }
            if (r.get(2) <= 0 || r.get(3) <= 0 || r.get(0) + r.get(2) > 1.000001 || r.get(1) + r.get(3) > 1.000001) {
                throw new InvalidCameraException("masks.rect", "must have a positive size and lie inside the picture");
            }
        } else {
            List<List<Double>> p = m.polygon();
            if (p.size() < 3 || p.size() > MAX_POINTS) {
                throw new InvalidCameraException("masks.polygon", "needs 3 to " + MAX_POINTS + " points");
            }
            for (List<Double> pt : p) {
                if (pt == null || pt.size() != 2 || pt.stream().anyMatch(v -> v == null || v < 0 || v > 1)) {
                    throw new InvalidCameraException("masks.polygon", "points are [x, y] with each between 0 and 1");
                }
            }
        }
    }
}
