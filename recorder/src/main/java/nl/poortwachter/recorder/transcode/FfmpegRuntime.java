package nl.poortwachter.recorder.transcode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.poortwachter.recorder.logging.FfmpegLog;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** FFmpeg at start-up: its native libraries loaded once (a clear failure now, not at the first camera), its log routed. */
public final class FfmpegRuntime {
    private FfmpegRuntime() {
    }

    /**
     * Loads FFmpeg and opens each hardware encoder once (logged, used by cameras that ask for one); a gauge per
     * encoder says whether it opened.
     *
     * @throws IllegalStateException when FFmpeg's libraries do not load
     */
    public static void load(MeterRegistry registry) {
        FfmpegLog.install();
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load FFmpeg: " + e.getMessage(), e);
        }
        Encoders.detected().forEach(s -> Gauge.builder("transcode.encoder.available", () -> s.available() ? 1 : 0)
                .description("1 if this encoder could be opened at start-up").tags("encoder", s.encoder().name())
                .register(registry));
    }
}
