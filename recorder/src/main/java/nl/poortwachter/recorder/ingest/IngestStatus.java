package nl.poortwachter.recorder.ingest;

import java.time.Instant;

/**
 * A snapshot of one camera's ingest, for the API and metrics. Error texts never contain credentials.
 *
 * @param fps  the camera's own frame rate, from its timestamps (pictures per second of media time)
 * @param load how the pipeline keeps up while streaming (or degraded); null otherwise
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
        IngestLoad load) {

    public static IngestStatus stopped(Instant since) {
        return new IngestStatus(IngestState.stopped, since, null, null, 0, 0, 0, 0, null, null, null, null);
    }

    /** The same with the capacity monitor's verdict: a streaming camera that fell behind is {@code degraded}. */
    public IngestStatus withLoad(IngestLoad newLoad) {
        boolean live = state == IngestState.streaming || state == IngestState.degraded;
        if (!live) {
            return this;
        }
        IngestState s = newLoad != null && newLoad.degradedReason() != null ? IngestState.degraded : IngestState.streaming;
        return new IngestStatus(s, since, lastError, lastErrorAt, packets, bytes, fps, reconnects, codec, width, height, newLoad);
    }
}
