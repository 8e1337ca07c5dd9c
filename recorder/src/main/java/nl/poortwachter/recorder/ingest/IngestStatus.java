package nl.poortwachter.recorder.ingest;

import java.time.Instant;

/**
 * A snapshot of one camera's ingest, for the API and metrics. Error texts never contain credentials.
 *
 * @param encoder         the H.264 encoder re-encoding a transcoded camera (FFmpeg's name), null in passthrough
 * @param encoderFallback why that is not the encoder the camera asked for (e.g. no GPU), or null
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
        String encoderFallback) {

    /** Not recording because its configuration is refused now (e.g. its address, after a policy change): why. */
    public static IngestStatus refused(Instant since, String why) {
        return new IngestStatus(IngestState.failed, since, why, since, 0, 0, 0, 0, null, null, null, null, null);
    }

    public static IngestStatus stopped(Instant since) {
        return new IngestStatus(IngestState.stopped, since, null, null, 0, 0, 0, 0, null, null, null, null, null);
    }
}
