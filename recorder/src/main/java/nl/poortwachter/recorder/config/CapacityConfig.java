package nl.poortwachter.recorder.config;

import static nl.poortwachter.recorder.settings.RecorderSettings.CAPACITY_CPU_TARGET_PERCENT;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAPACITY_MAX_LAG_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAPACITY_OVERLOAD_POLICY;
import static nl.poortwachter.recorder.settings.RecorderSettings.CAPACITY_SHED_ORDER;

import java.time.Duration;
import java.util.List;
import nl.poortwachter.recorder.settings.Settings;

/**
 * What the capacity monitor holds the cameras to (docs/decisions.md D42).
 *
 * @param maxLag           a streaming camera whose newest footage on disk is older than this is degraded
 * @param cpuTargetPercent the share of the cores the cameras may use; room is what is left of it
 * @param overloadPolicy   what happens when cameras fall behind for want of CPU
 * @param shedOrder        camera ids to reduce first, lowest priority first
 */
public record CapacityConfig(Duration maxLag, int cpuTargetPercent, OverloadPolicy overloadPolicy, List<String> shedOrder) {

    /** keyframes: transcoded cameras at key frames only, one at a time; report: say so, change nothing. */
    public enum OverloadPolicy { keyframes, report }

    public static CapacityConfig defaults() {
        return from(Settings.NONE);
    }

    public static CapacityConfig from(Settings s) {
        return new CapacityConfig(Duration.ofSeconds(s.get(CAPACITY_MAX_LAG_SECONDS)), s.get(CAPACITY_CPU_TARGET_PERCENT),
                OverloadPolicy.valueOf(s.get(CAPACITY_OVERLOAD_POLICY)), s.get(CAPACITY_SHED_ORDER));
    }

    public CapacityConfig {
        shedOrder = List.copyOf(shedOrder);
    }
}
