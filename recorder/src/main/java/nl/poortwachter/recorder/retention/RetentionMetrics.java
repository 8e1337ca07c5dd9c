package nl.poortwachter.recorder.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Meters of deletion and the storage reserve; {@code storage.reserve.alarm} is the one to alert on. */
final class RetentionMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    RetentionMetrics(MeterRegistry registry, Supplier<ReserveStatus> status) {
        this.registry = registry;
        meters.add(Gauge.builder("storage.free", () -> status.get().freeBytes()).baseUnit("bytes")
                .description("usable space on the storage file system").register(registry));
        meters.add(Gauge.builder("storage.reserve.alarm", () -> status.get().alarm() ? 1 : 0)
                .description("1 while free space is under the configured floor").register(registry));
        meters.add(Gauge.builder("storage.reserve.paused.cameras", () -> status.get().pausedCameras().size())
                .description("cameras the storage reserve stopped").register(registry));
    }

    void triggered() {
        counter("storage.reserve.triggered", "times free space fell under the floor").increment();
    }

    void deleted(String policy, long files, long bytes) {
        counter("retention.deleted.files", "segment files deleted", "policy", policy).increment(files);
        Counter b = Counter.builder("retention.deleted").baseUnit("bytes").description("bytes of footage deleted")
                .tag("policy", policy).register(registry);
        remember(b);
        b.increment(bytes);
    }

    private Counter counter(String name, String description, String... tags) {
        Counter c = Counter.builder(name).description(description).tags(tags).register(registry);
        remember(c);
        return c;
    }

    private synchronized void remember(Meter m) {
        if (!meters.contains(m)) {
            meters.add(m);
        }
    }

    @Override
    public synchronized void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
