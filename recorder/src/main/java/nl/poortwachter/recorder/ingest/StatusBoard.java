package nl.poortwachter.recorder.ingest;

import java.time.Clock;
import java.time.Instant;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.logging.Log;

/**
 * One camera's ingest status as the API and metrics read it: written by the camera's ingest thread only,
 * published as an immutable {@link IngestStatus} snapshot. Every change of state is logged here, once.
 */
final class StatusBoard {
    private static final Log LOG = Log.of(StatusBoard.class);

    private final String cameraId;
    private final IngestCounters counters;
    private final Clock clock;
    private volatile IngestStatus status;
    private long packets;
    private long bytes;
    private long reconnects;
    private double fps;
    private volatile double processedFps;

    StatusBoard(String cameraId, IngestCounters counters, Clock clock) {
        this.cameraId = cameraId;
        this.counters = counters;
        this.clock = clock;
        this.status = IngestStatus.stopped(clock.instant());
    }

    IngestStatus status() {
        return status;
    }

    IngestState state() {
        return status.state();
    }

    void received(int size) {
        packets++;
        bytes += size;
        counters.packet(size);
    }

    void reconnected() {
        reconnects++;
        counters.reconnect();
    }

    /**
     * New frame rates (once a second while streaming).
     *
     * @param cameraFps    the camera's own rate, from its timestamps: what {@code camera_fps} reports
     * @param processedFps pictures that went through the pipeline per second of our clock
     */
    void fps(double cameraFps, double processedFps) {
        fps = cameraFps;
        this.processedFps = processedFps;
        IngestStatus s = status;
        status = new IngestStatus(s.state(), s.since(), s.lastError(), s.lastErrorAt(), packets, bytes, fps, reconnects,
                s.codec(), s.width(), s.height(), s.encoder(), s.encoderFallback(), null);
    }

    double processedFps() {
        return processedFps;
    }

    void connected(String storedCodec, int width, int height, String inputCodec, PipelineMode mode, String sessionId,
                   String reader, String encoder, String encoderFallback) {
        IngestStatus s = status;
        status = new IngestStatus(IngestState.connecting, clock.instant(), s.lastError(), s.lastErrorAt(),
                packets, bytes, fps, reconnects, storedCodec, width, height, encoder, encoderFallback, null);
        LOG.info("camera.connected", "camera", cameraId, "codec", inputCodec, "mode", mode, "width", width,
                "height", height, "session", sessionId, "reader", reader, "encoder", encoder == null ? "none" : encoder);
        if (encoderFallback != null) {
            LOG.warn("camera.encoder.fallback", "camera", cameraId, "encoder", encoder, "reason", encoderFallback);
        }
    }

    void fail(String message, boolean permanent) {
        LOG.warn("camera.error", "camera", cameraId, "error", message);
        Instant now = clock.instant();
        IngestStatus s = status;
        status = new IngestStatus(permanent ? IngestState.failed : s.state(), permanent ? now : s.since(), message, now,
                packets, bytes, 0, reconnects, s.codec(), s.width(), s.height(), s.encoder(), s.encoderFallback(), null);
        if (permanent) {
            counters.state(IngestState.failed);
        }
    }

    void state(IngestState state, String lastError) {
        IngestStatus s = status;
        if (s.state() == state) {
            return;
        }
        status = new IngestStatus(state, clock.instant(), lastError, lastError == null ? null : s.lastErrorAt(), packets,
                bytes, state == IngestState.streaming ? fps : 0, reconnects, s.codec(), s.width(), s.height(), s.encoder(),
                s.encoderFallback(), null);
        if (state != IngestState.streaming) {
            processedFps = 0;
        }
        counters.state(state);
        if (state == IngestState.streaming) {
            LOG.info("camera.streaming", "camera", cameraId);
        } else {
            LOG.info("camera.state", "camera", cameraId, "state", state, "error", lastError == null ? "" : lastError);
        }
    }
}
