package nl.poortwachter.recorder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.poortwachter.recorder.ingest.IngestCounters;
import nl.poortwachter.recorder.ingest.IngestLoad;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.storage.SegmentCounters;

/** Per-camera meters, tagged {@code camera=<id>}; removed with the camera. */
public final class CameraMetrics implements IngestCounters, SegmentCounters, AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter packets;
    private final Counter bytes;
    private final Counter reconnects;
    private final Counter segments;
    private final Counter writeErrors;
    private final Counter bytesWritten;
    private final Timer writeLatency;
    private final java.util.concurrent.atomic.AtomicLong newestWrittenEnd = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    public CameraMetrics(MeterRegistry registry, String cameraId, Supplier<IngestStatus> status, Supplier<Long> dropped) {
        this.registry = registry;
        Tags tags = Tags.of("camera", cameraId);
        packets = add(Counter.builder("camera.packets").description("video and audio packets received").tags(tags).register(registry));
        bytes = add(Counter.builder("camera.received").baseUnit("bytes").description("bytes received from the camera").tags(tags).register(registry));
        reconnects = add(Counter.builder("camera.reconnects").description("sessions that ended and were reopened").tags(tags).register(registry));
        segments = add(Counter.builder("camera.segments.written").description("segment files closed").tags(tags).register(registry));
        writeErrors = add(Counter.builder("camera.write.errors").description("failed segment writes").tags(tags).register(registry));
        bytesWritten = add(Counter.builder("camera.written").baseUnit("bytes").description("bytes written to segment files").tags(tags).register(registry));
        writeLatency = add(Timer.builder("camera.fragment.write").description("time to write one fragment to its file").tags(tags)
                .publishPercentiles(0.5, 0.99).register(registry));
        add(Gauge.builder("camera.fps", () -> status.get().fps())
                .description("the camera's own frame rate, from its timestamps").tags(tags).register(registry));
        add(Gauge.builder("camera.processed.fps", () -> load(status).map(IngestLoad::processedFps).orElse(0.0))
                .description("pictures per second through the pipeline (below camera_fps: falling behind)").tags(tags)
                .register(registry));
        add(Gauge.builder("camera.lag", () -> load(status).map(IngestLoad::lagMillis).map(ms -> ms / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("how far the newest footage on disk is behind now").tags(tags)
                .register(registry));
        add(Gauge.builder("camera.cpu", () -> load(status).map(IngestLoad::cpuPercent).orElse(0.0) / 100)
                .baseUnit("cores").description("CPU time of the camera's pipeline per second").tags(tags).register(registry));
        add(Gauge.builder("camera.keyframes.only", () -> load(status).map(IngestLoad::shedding).isPresent() ? 1 : 0)
                .description("1 while the overload policy records the camera at key frames only").tags(tags)
                .register(registry));
        // A count that only grows (per pipeline): a counter, so Prometheus names it ..._total and rate() works on it.
        add(FunctionCounter.builder("camera.fragments.dropped", dropped, d -> d.get())
                .description("fragments the segment writer could not keep up with (skipped to the next keyframe)")
                .tags(tags).register(registry));
        for (VideoEncoder e : VideoEncoder.values()) {
            if (e != VideoEncoder.auto) {
                add(Gauge.builder("camera.encoder", () -> e.name().equals(status.get().encoder()) ? 1 : 0)
                        .description("1 for the encoder re-encoding the camera (transcode mode)").tags(tags.and("encoder", e.name()))
                        .register(registry));
            }
        }
        add(Gauge.builder("camera.encoder.fallback", () -> status.get().encoderFallback() == null ? 0 : 1)
                .description("1 if the camera's encoder is not the one it asked for (see its status)").tags(tags).register(registry));
        for (IngestState s : IngestState.values()) {
            add(Gauge.builder("camera.state", () -> status.get().state() == s ? 1 : 0)
                    .description("1 for the camera's current ingest state").tags(tags.and("state", s.name())).register(registry));
        }
    }

    private static java.util.Optional<IngestLoad> load(Supplier<IngestStatus> status) {
        return java.util.Optional.ofNullable(status.get().load());
    }

    /** Wall-clock end of the newest fragment written, or {@link Long#MIN_VALUE}. */
    public long newestWrittenEndMillis() {
        return newestWrittenEnd.get();
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void packet(int size) {
        packets.increment();
        bytes.increment(size);
    }

    @Override
    public void reconnect() {
        reconnects.increment();
    }

    @Override
    public void state(IngestState state) {
        // The state gauges read the live status; nothing to count here.
    }

    @Override
    public void fragmentWritten(int size, long nanos, long endMillis) {
        newestWrittenEnd.accumulateAndGet(endMillis, Math::max);
        bytesWritten.increment(size);
        writeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void segmentClosed() {
        segments.increment();
    }

    @Override
    public void writeFailed() {
        writeErrors.increment();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
