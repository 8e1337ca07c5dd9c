package nl.poortwachter.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live delivery as an operator of the gateway wants to see it: how many watch, how late pictures go out
 * (from the moment the picture reached the gateway to the WebSocket write), and what slow viewers skipped.
 */
public final class LiveMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger viewers = new AtomicInteger();
    private final Counter sent;
    private final Timer sendLatency;

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("live.viewers", viewers);
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
        Counter.builder("live.chunks.dropped").description("pictures skipped for slow live viewers")
                .tag("camera", cameraId).register(registry).increment(pictures);
    }

    public int viewers() {
        return viewers.get();
    }

    public Timer sendLatency() {
        return sendLatency;
    }
}
