package nl.poortwachter.recorder.retention;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the background jobs that delete footage.
 *
 * @param defaultRetentionDays used for footage of a camera the index no longer knows and never saw retention for
 * @param purgeInterval        how often expired footage is looked for
 * @param reserveFloorBytes    free space under which the reserve policy applies (0 = reserve off)
 * @param reserveMarginBytes   the alarm clears (and stopped cameras resume) only above floor + margin
 * @param reserveCheckInterval how often free space is measured
 * @param stopOrder            for {@link ReservePolicy#STOP_CAMERAS}: camera ids, lowest priority first
 * @param exportRetentionDays  how long an export's file is kept on the gateway
 */
public record RetentionConfig(int defaultRetentionDays, Duration purgeInterval, long reserveFloorBytes,
                              long reserveMarginBytes, ReservePolicy reservePolicy, Duration reserveCheckInterval,
                              List<String> stopOrder, int exportRetentionDays) {

    public static RetentionConfig defaults() {
        return new RetentionConfig(28, Duration.ofMinutes(10), 1024L * 1024 * 1024, 256L * 1024 * 1024,
                ReservePolicy.DELETE_OLDEST, Duration.ofSeconds(10), List.of(), 28);
    }

    public RetentionConfig {
        stopOrder = List.copyOf(stopOrder);
        if (defaultRetentionDays < 1 || exportRetentionDays < 1) {
            throw new IllegalArgumentException("retention days must be at least 1");
        }
        if (reserveFloorBytes < 0 || reserveMarginBytes < 0) {
            throw new IllegalArgumentException("reserve sizes must not be negative");
        }
    }

    public RetentionConfig withReserve(long floorBytes, long marginBytes, ReservePolicy policy, List<String> order) {
        return new RetentionConfig(defaultRetentionDays, purgeInterval, floorBytes, marginBytes, policy,
                reserveCheckInterval, order, exportRetentionDays);
    }
}
