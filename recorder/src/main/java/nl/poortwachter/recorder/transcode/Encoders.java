package nl.poortwachter.recorder.transcode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.logging.Log;

/**
 * Which encoders this machine can use, found once per process by opening each one (and its device) for real:
 * a hardware encoder is in the FFmpeg build whether or not the machine has the GPU, so only opening it tells.
 * A camera asking for an encoder that is missing gets libx264, and the reason travels with it to its status.
 */
public final class Encoders {
    private static final Log LOG = Log.of(Encoders.class);
    /** {@code auto} tries these, in this order. */
    private static final List<VideoEncoder> HARDWARE = List.of(VideoEncoder.h264_nvenc, VideoEncoder.h264_qsv,
            VideoEncoder.h264_vaapi);
    private static List<Support> detected;

    /** @param detail why it cannot be used (empty when it can) */
    public record Support(VideoEncoder encoder, boolean available, String detail) {
    }

    /**
     * @param encoder  what the camera gets
     * @param fallback why that is not what it asked for, or null
     */
    public record Choice(VideoEncoder encoder, String fallback) {
        static Choice of(VideoEncoder encoder) {
            return new Choice(encoder, null);
        }
    }

    private Encoders() {
    }

    /** Every encoder of {@link VideoEncoder} but auto, probed on first use and logged once. */
    public static synchronized List<Support> detected() {
        if (detected == null) {
            List<Support> all = new ArrayList<>();
            for (VideoEncoder e : VideoEncoder.values()) {
                if (e != VideoEncoder.auto) {
                    all.add(probe(e));
                }
            }
            detected = List.copyOf(all);
            LOG.info("transcode.encoders",
                    "available", all.stream().filter(Support::available).map(s -> s.encoder().name()).collect(Collectors.joining(",")),
                    "unavailable", all.stream().filter(s -> !s.available()).map(s -> s.encoder() + ": " + s.detail())
                            .collect(Collectors.joining("; ")));
        }
        return detected;
    }

    /** Opens the encoder (and its device) once at a small size and closes it again. */
    static Support probe(VideoEncoder encoder) {
        TranscodeSettings settings = RecorderConfig.transcodeDefaults();
        try (H264Encoder e = new H264Encoder(320, 240, 25, settings, encoder, null)) {
            return new Support(encoder, true, "");
        } catch (TranscodeException | UnsatisfiedLinkError e) {
            return new Support(encoder, false, e.getMessage() + hint(encoder));
        }
    }

    private static String hint(VideoEncoder encoder) {
        return switch (encoder) {
            case h264_nvenc -> " (no NVIDIA GPU with NVENC, or no driver)";
            case h264_qsv -> " (no Intel GPU with Quick Sync, or no oneVPL runtime)";
            case h264_vaapi -> " (no VA-API device at /dev/dri/renderD128, or no driver)";
            default -> "";
        };
    }

    /** What a camera asking for {@code requested} gets on this machine (libx264 needs no probing). */
    public static Choice choose(VideoEncoder requested) {
        return requested == null || requested == VideoEncoder.libx264 ? Choice.of(VideoEncoder.libx264)
                : choose(requested, detected());
    }

    static Choice choose(VideoEncoder requested, List<Support> support) {
        if (requested == null || requested == VideoEncoder.libx264) {
            return Choice.of(VideoEncoder.libx264);
        }
        if (requested == VideoEncoder.auto) {
            return HARDWARE.stream().filter(h -> available(h, support)).findFirst().map(Choice::of)
                    .orElse(Choice.of(VideoEncoder.libx264));
        }
        if (available(requested, support)) {
            return Choice.of(requested);
        }
        String why = support.stream().filter(s -> s.encoder() == requested).map(Support::detail).findFirst().orElse("not probed");
        return new Choice(VideoEncoder.libx264, requested + " is not available on this machine: " + why);
    }

    private static boolean available(VideoEncoder e, List<Support> support) {
        return support.stream().anyMatch(s -> s.encoder() == e && s.available());
    }
}
