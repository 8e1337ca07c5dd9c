package nl.poortwachter.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live delivery as an operator of the gateway wants to see it: how many watch, how late pictures go out
 * (from the moment the picture reached the gateway to the WebSocket write), and what slow viewers skipped.
 * {@code live_chunks_dropped_total} exists for every camera from the start (0), so that a dashboard's rate over it
 * is 0 rather than "no data" until the first drop.
 */
public final class LiveMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger viewers = new AtomicInteger();
    private final Counter sent;
    private final Timer sendLatency;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("live.viewers", viewers, AtomicInteger::get)
                .description("live viewers connected now (WebSocket and HLS), over all cameras").register(registry);
        this.sent = Counter.builder("live.chunks.sent").description("pictures sent to live viewers").register(registry);
        this.sendLatency = Timer.builder("live.send.latency")
                .description("from a picture's arrival at the gateway to its WebSocket send")
                .publishPercentiles(0.5, 0.95, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    void viewerStarted() {
        viewers.incrementAndGet();
    }

    void viewerEnded() {
        viewers.decrementAndGet();
    }

    void sent(long latencyMillis) {
        sent.increment();
        sendLatency.record(Math.max(0, latencyMillis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A picture a viewer did not get because its connection (or the event loop) could not keep up. */
    void dropped(String cameraId, long pictures) {
        droppedCounter(cameraId).increment(pictures);
    }

    /**
     * The cameras that exist now: each gets its drop counter (at 0 when new), and the counters of cameras that no
     * longer exist go. Called before every scrape.
     */
    public void cameras(Collection<String> ids) {
        Set<String> now = Set.copyOf(ids);
        ids.forEach(this::droppedCounter);
        dropped.entrySet().removeIf(e -> {
            if (now.contains(e.getKey())) {
                return false;
            }
            registry.remove((Meter) e.getValue());
            return true;
        });
    }

    private Counter droppedCounter(String cameraId) {
        return dropped.computeIfAbsent(cameraId, id -> Counter.builder("live.chunks.dropped")
                .description("pictures skipped for slow live viewers").tag("camera", id).register(registry));
    }

    public int viewers() {
        return viewers.get();
    }

    public Timer sendLatency() {
        return sendLatency;
    }
}
