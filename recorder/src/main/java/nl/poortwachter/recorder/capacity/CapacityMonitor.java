package nl.poortwachter.recorder.capacity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.config.CapacityConfig;
import nl.poortwachter.recorder.ingest.IngestLoad;
import nl.poortwachter.recorder.ingest.IngestState;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.logging.Log;

/**
 * A box that knows its limit (docs/decisions.md D42). Once a second, on a thread of its own: what each camera's
 * pipeline costs (its ingest thread's CPU time) and whether it keeps up (how old its newest footage on disk is); a
 * camera more than {@code capacity.maxLagSeconds} behind is {@code degraded}, with the reason, in its status; the
 * overload policy then reduces cameras to key frames, one at a time and logged, instead of all of them silently
 * falling behind; and the room left, for the capacity report and for warnings when a camera is added or switched.
 */
public final class CapacityMonitor implements Capacity, AutoCloseable {
    private static final Log LOG = Log.of(CapacityMonitor.class);
    /** What one more camera costs while none of its mode runs, in cores: 1080p25 through libx264 at the default
     * preset, and our own reader's passthrough (docs/benchmarks.md). */
    static final Map<String, Double> DEFAULT_COST = Map.of("transcode", 0.5, "passthrough", 0.02);
    /** Figures are smoothed over a few seconds: one slow second is not a verdict. */
    private static final double SMOOTHING = 0.3;

    private final CapacityConfig config;
    private final Supplier<Collection<? extends MonitoredCamera>> cameras;
    private final Clock clock;
    private final CpuClock cpu = new CpuClock();
    private final LoadShedder shedder;
    private final List<CapacityListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> lastCpu = new HashMap<>();
    private final Map<String, Double> cores = new HashMap<>();
    private final Set<String> behind = new HashSet<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capacity");
        t.setDaemon(true);
        return t;
    });
    private long lastProcessCpu = -1;
    private long lastTick;
    private double usedCores;
    private volatile CapacityReport report;

    public CapacityMonitor(CapacityConfig config, Supplier<Collection<? extends MonitoredCamera>> cameras, Clock clock,
                           MeterRegistry registry) {
        this.config = config;
        this.cameras = cameras;
        this.clock = clock;
        this.shedder = new LoadShedder(config.shedOrder());
        this.report = new CapacityReport(cpu.cores(), budget(), 0, budget(), 0, config.overloadPolicy().name(), List.of(),
                DEFAULT_COST);
        Gauge.builder("capacity.cores", () -> report.cores()).description("processors the gateway may run on").register(registry);
        Gauge.builder("capacity.used.cores", () -> report.usedCores()).description("CPU the gateway uses now, in cores")
                .register(registry);
        Gauge.builder("capacity.room.cores", () -> report.roomCores())
                .description("what another camera may cost: the cameras' budget minus what is used").register(registry);
    }

    public void start() {
        thread.scheduleAtFixedRate(this::tickQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void addListener(CapacityListener listener) {
        listeners.add(listener);
    }

    @Override
    public CapacityReport report() {
        return report;
    }

    /**
     * A warning when adding a camera, or switching one to transcoding, would not fit in the room left; empty when it
     * fits. The change is made all the same (a camera refused records nothing; one that does not fit is reduced by
     * the overload policy, visibly): the caller shows the warning.
     */
    @Override
    public Optional<String> warningFor(CameraSpec proposed) {
        if (Boolean.FALSE.equals(proposed.recording())) {
            return Optional.empty();
        }
        return warning(proposed.mode() != PipelineMode.passthrough, costOf(proposed.id()));
    }

    /** @param currentCores what the camera costs now (0 for a new one) */
    Optional<String> warning(boolean transcoded, double currentCores) {
        return warning(report.estimatedCores().get(transcoded ? "transcode" : "passthrough") - currentCores);
    }

    /** @param needed the cores the change would add */
    Optional<String> warning(double needed) {
        CapacityReport r = report;
        if (needed <= 0 || needed <= r.roomCores()) {
            return Optional.empty();
        }
        String then = config.overloadPolicy() == CapacityConfig.OverloadPolicy.keyframes
                ? "cameras will fall behind, and the overload policy will record the lowest-priority ones at key frames only"
                : "cameras will fall behind (shown as degraded)";
        return Optional.of(String.format(Locale.ROOT, "this camera will probably not fit: it needs about %.2f cores and "
                + "%.2f of the %.2f the cameras may use are left; %s", needed, Math.max(0, r.roomCores()), r.budgetCores(), then));
    }

    /** What a running camera costs now, in cores (0 if unknown). */
    double costOf(String cameraId) {
        return report.cameras().stream().filter(c -> c.cameraId().equals(cameraId)).mapToDouble(CameraLoad::cpuCores)
                .findFirst().orElse(0);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("capacity.tick.failed", "error", String.valueOf(e));
        }
    }

    void tick() {
        long now = clock.millis();
        long elapsedNanos = lastTick == 0 ? 0 : (now - lastTick) * 1_000_000;
        lastTick = now;
        long processCpu = cpu.process();
        if (elapsedNanos > 0 && lastProcessCpu >= 0 && processCpu >= 0) {
            usedCores = smooth(usedCores, (processCpu - lastProcessCpu) / (double) elapsedNanos);
        }
        lastProcessCpu = processCpu;
        /** One camera's figures this second, before the verdict. */
        record Measured(MonitoredCamera camera, IngestStatus status, boolean live, double cost, Long lag) {
        }
        List<Measured> measured = new ArrayList<>();
        Map<String, Double> transcodedCosts = new LinkedHashMap<>();
        Collection<? extends MonitoredCamera> all = cameras.get();
        Set<String> present = new HashSet<>();
        for (MonitoredCamera c : all) {
            String id = c.cameraId();
            present.add(id);
            double cost = measureCores(c, now);
            IngestStatus status = c.status();
            boolean live = status.state() == IngestState.streaming || status.state() == IngestState.degraded;
            long durable = c.newestDurableEndMillis();
            Long lag = live && durable != Long.MIN_VALUE ? Math.max(0, now - durable) : null;
            boolean isBehind = live && lag != null && (behind.contains(id)
                    ? lag > config.maxLag().toMillis() / 2 : lag > config.maxLag().toMillis());
            if (isBehind) {
                behind.add(id);
            } else {
                behind.remove(id);
            }
            if (live && c.transcoded()) {
                transcodedCosts.put(id, cost);
            }
            measured.add(new Measured(c, status, live, cost, lag));
        }
        behind.retainAll(present);
        lastCpu.keySet().retainAll(present);
        cores.keySet().retainAll(present);
        if (config.overloadPolicy() == CapacityConfig.OverloadPolicy.keyframes) {
            shedder.step(now, Set.copyOf(behind), transcodedCosts, usedCores, budget()).ifPresent(step -> apply(step, all));
        }
        List<CameraLoad> loads = new ArrayList<>();
        for (Measured m : measured) {
            MonitoredCamera c = m.camera();
            boolean isBehind = behind.contains(c.cameraId());
            boolean reduced = shedder.isReduced(c.cameraId());
            String reason = isBehind ? String.format(Locale.ROOT, "falling behind: the newest footage on disk is %.1f s "
                            + "old (limit %d s); processing %.1f of %.1f pictures per second", m.lag() / 1000.0,
                    config.maxLag().toSeconds(), c.processedFps(), m.status().fps())
                    : reduced ? "overload: recorded at key frames only (capacity.overloadPolicy keyframes)" : null;
            c.load(m.live() ? new IngestLoad(c.processedFps(), m.lag(), m.cost() * 100, reason, reduced ? "keyframes" : null)
                    : null);
            loads.add(new CameraLoad(c.cameraId(), c.transcoded() ? "transcode" : "passthrough",
                    !m.live() ? m.status().state().name() : reason != null ? IngestState.degraded.name()
                            : IngestState.streaming.name(), m.cost(), m.lag(),
                    m.status().fps(), c.processedFps(), reduced));
        }
        int degraded = (int) loads.stream().filter(l -> l.state().equals(IngestState.degraded.name())).count();
        report = new CapacityReport(cpu.cores(), budget(), usedCores, budget() - usedCores, degraded,
                config.overloadPolicy().name(), List.copyOf(loads), estimates(loads));
    }

    private void apply(LoadShedder.Step step, Collection<? extends MonitoredCamera> all) {
        for (MonitoredCamera c : all) {
            if (c.cameraId().equals(step.cameraId())) {
                c.keyframesOnly(step.reduce());
            }
        }
        if (step.reduce()) {
            LOG.warn("capacity.reduced", "camera", step.cameraId(), "policy", "keyframes", "reason", step.reason());
            listeners.forEach(l -> l.reduced(step.cameraId(), "keyframes", step.reason()));
        } else {
            LOG.info("capacity.restored", "camera", step.cameraId(), "reason", step.reason());
            listeners.forEach(l -> l.restored(step.cameraId(), step.reason()));
        }
    }

    private double measureCores(MonitoredCamera c, long now) {
        long tid = c.threadId();
        long t = cpu.thread(tid);
        long[] last = lastCpu.put(c.cameraId(), new long[] {tid, t, now});
        if (last == null || last[0] != tid || t < 0 || last[1] < 0 || now <= last[2]) {
            return cores.getOrDefault(c.cameraId(), 0.0);
        }
        double value = smooth(cores.getOrDefault(c.cameraId(), (t - last[1]) / ((now - last[2]) * 1e6)),
                (t - last[1]) / ((now - last[2]) * 1e6));
        cores.put(c.cameraId(), value);
        return value;
    }

    private Map<String, Double> estimates(List<CameraLoad> loads) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String mode : List.of("transcode", "passthrough")) {
            out.put(mode, loads.stream().filter(l -> l.mode().equals(mode) && !l.keyframesOnly() && l.cpuCores() > 0)
                    .mapToDouble(CameraLoad::cpuCores).average().orElse(DEFAULT_COST.get(mode)));
        }
        return out;
    }

    private double budget() {
        return cpu.cores() * config.cpuTargetPercent() / 100.0;
    }

    private static double smooth(double previous, double sample) {
        return previous + SMOOTHING * (sample - previous);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
