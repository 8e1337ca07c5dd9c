package nl.poortwachter.recorder.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.poortwachter.recorder.config.CapacityConfig;
import nl.poortwachter.recorder.ingest.IngestLoad;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The capacity monitor's verdicts with cameras whose lag the test sets, on a clock the test moves. */
class CapacityMonitorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    /** A camera whose newest footage on disk the test sets; it records what the monitor tells it. */
    final class FakeCamera implements MonitoredCamera {
        final String id;
        final boolean transcoded;
        long durableEnd = Long.MIN_VALUE;
        volatile IngestLoad load;
        boolean keyframesOnly;

        FakeCamera(String id, boolean transcoded) {
            this.id = id;
            this.transcoded = transcoded;
        }

        @Override
        public String cameraId() {
            return id;
        }

        @Override
        public boolean transcoded() {
            return transcoded;
        }

        @Override
        public IngestStatus status() {
            return new IngestStatus(IngestState.streaming, clock.instant(), null, null, 0, 0, 25, 0, "h264", 640, 360, null, null, null)
                    .withLoad(load);
        }

        @Override
        public long threadId() {
            return -1;
        }

        @Override
        public long newestDurableEndMillis() {
            return durableEnd;
        }

        @Override
        public double processedFps() {
            return 18;
        }

        @Override
        public void load(IngestLoad l) {
            this.load = l;
        }

        @Override
        public void keyframesOnly(boolean on) {
            keyframesOnly = on;
        }

        void behindBy(long millis) {
            durableEnd = clock.millis() - millis;
        }
    }

    private CapacityMonitor monitor(CapacityConfig.OverloadPolicy policy, List<String> order, List<FakeCamera> cameras) {
        return new CapacityMonitor(new CapacityConfig(Duration.ofSeconds(5), 85, policy, order), () -> cameras, clock,
                new SimpleMeterRegistry());
    }

    @Test
    void aCameraMoreThanTheBoundBehindIsDegradedWithTheReasonAndRecoversWithHysteresis() {
        FakeCamera gate = new FakeCamera("gate", true);
        CapacityMonitor m = monitor(CapacityConfig.OverloadPolicy.report, List.of(), List.of(gate));
        gate.behindBy(1_500);
        m.tick();
        assertNull(gate.load.degradedReason(), "a second and a half: a fragment's worth, fine");
        assertEquals(IngestState.streaming, gate.status().state());
        gate.behindBy(7_200);
        m.tick();
        assertEquals(IngestState.degraded, gate.status().state());
        assertTrue(gate.load.degradedReason().contains("7.2 s old (limit 5 s)"), gate.load.degradedReason());
        assertTrue(gate.load.degradedReason().contains("processing 18.0 of 25.0"), gate.load.degradedReason());
        assertEquals(7_200L, gate.load.lagMillis());
        gate.behindBy(3_000);
        m.tick();
        assertEquals(IngestState.degraded, gate.status().state(), "not back before it is well under the bound");
        gate.behindBy(2_000);
        m.tick();
        assertEquals(IngestState.streaming, gate.status().state());
        assertEquals(0, m.report().degradedCameras());
    }

    @Test
    void underOverloadTheShedOrderComesFirstOneCameraAtATimeAndBackWhenCalm() {
        FakeCamera low = new FakeCamera("low", true);
        FakeCamera high = new FakeCamera("high", true);
        FakeCamera pass = new FakeCamera("pass", false);
        List<FakeCamera> all = List.of(high, low, pass);
        CapacityMonitor m = monitor(CapacityConfig.OverloadPolicy.keyframes, List.of("low"), all);
        List<String> events = new ArrayList<>();
        m.addListener(new CapacityListener() {
            @Override
            public void reduced(String cameraId, String policy, String reason) {
                events.add("reduced " + cameraId);
            }

            @Override
            public void restored(String cameraId, String reason) {
                events.add("restored " + cameraId);
            }
        });
        all.forEach(c -> c.behindBy(9_000));
        m.tick();
        assertEquals(List.of("reduced low"), events, "the shed order's first");
        assertTrue(low.keyframesOnly);
        assertEquals("keyframes", low.load.shedding());
        m.tick();
        assertEquals(1, events.size(), "one step at a time: the next waits until the first could take effect");
        clock.advance(Duration.ofMillis(LoadShedder.STEP_MILLIS));
        all.forEach(c -> c.behindBy(9_000));
        m.tick();
        assertEquals(List.of("reduced low", "reduced high"), events, "then the other transcoded one, never passthrough");
        assertFalse(pass.keyframesOnly);
        all.forEach(c -> c.behindBy(1_000));
        clock.advance(Duration.ofMillis(LoadShedder.CALM_MILLIS - 1));
        all.forEach(c -> c.behindBy(1_000));
        m.tick();
        assertEquals(2, events.size(), "not before it has been calm for a while");
        clock.advance(Duration.ofSeconds(2));
        all.forEach(c -> c.behindBy(1_000));
        m.tick();
        assertEquals("restored high", events.get(2), "the last reduced comes back first");
        assertFalse(high.keyframesOnly);
        assertEquals(IngestState.degraded, low.status().state(), "a reduced camera shows as degraded, with why");
        assertTrue(low.load.degradedReason().contains("key frames only"), low.load.degradedReason());
    }

    @Test
    void addingACameraThatDoesNotFitIsWarnedAbout() {
        CapacityMonitor m = monitor(CapacityConfig.OverloadPolicy.report, List.of(), List.of());
        m.tick();
        CapacityReport r = m.report();
        assertEquals(Runtime.getRuntime().availableProcessors(), r.cores());
        assertEquals(r.cores() * 0.85, r.budgetCores(), 1e-9);
        assertEquals(Map.of("transcode", 0.5, "passthrough", 0.02), r.estimatedCores());
        assertTrue(m.warning(true, 1.0).isEmpty(), "a change that frees more than it costs is no problem");
        assertTrue(m.warning(false, 0).isEmpty(), "a passthrough camera fits");
        Optional<String> tooMuch = m.warning(r.roomCores() + 0.1);
        assertTrue(tooMuch.orElseThrow().contains("will probably not fit"), tooMuch.toString());
        assertTrue(m.warning(r.roomCores() - 0.1).isEmpty());
        assertNotNull(r.cameras());
        assertEquals(Set.of(), Set.copyOf(r.cameras()));
    }
}
