package nl.poortwachter.recorder.ingest;

import java.time.Instant;

/**
 * A snapshot of one camera's ingest, for the API and metrics. Error texts never contain credentials.
 *
 * @param fps             the camera's own frame rate, from its timestamps (pictures per second of media time)
 * @param encoder         the H.264 encoder re-encoding a transcoded camera (FFmpeg's name), null in passthrough
 * @param encoderFallback why that is not the encoder the camera asked for (e.g. no GPU), or null
 * @param load            how the pipeline keeps up while streaming (or degraded); null otherwise
 */
public record IngestStatus(
        IngestState state,
        Instant since,
        String lastError,
        Instant lastErrorAt,
        long packets,
        long bytes,
        double fps,
        long reconnects,
        String codec,
        Integer width,
        Integer height,
        String encoder,
        String encoderFallback,
        IngestLoad load) {

    /** Not recording because its configuration is refused now (e.g. its address, after a policy change): why. */
    public static IngestStatus refused(Instant since, String why) {
        return new IngestStatus(IngestState.failed, since, why, since, 0, 0, 0, 0, null, null, null, null, null, null);
    }

    public static IngestStatus stopped(Instant since) {
        return new IngestStatus(IngestState.stopped, since, null, null, 0, 0, 0, 0, null, null, null, null, null, null);
    }

    /** The same with the capacity monitor's verdict: a streaming camera that fell behind is {@code degraded}. */
    public IngestStatus withLoad(IngestLoad newLoad) {
        boolean live = state == IngestState.streaming || state == IngestState.degraded;
        if (!live) {
            return this;
        }
        IngestState s = newLoad != null && newLoad.degradedReason() != null ? IngestState.degraded : IngestState.streaming;
        return new IngestStatus(s, since, lastError, lastErrorAt, packets, bytes, fps, reconnects, codec, width, height,
                encoder, encoderFallback, newLoad);
    }
}
