package nl.poortwachter.recorder.retention;

import static nl.poortwachter.recorder.settings.RecorderSettings.EXPORT_RETENTION_DAYS;
import static nl.poortwachter.recorder.settings.RecorderSettings.PURGE_INTERVAL_MINUTES;
import static nl.poortwachter.recorder.settings.RecorderSettings.RESERVE_CHECK_SECONDS;
import static nl.poortwachter.recorder.settings.RecorderSettings.RESERVE_FLOOR_MIB;
import static nl.poortwachter.recorder.settings.RecorderSettings.RESERVE_MARGIN_MIB;
import static nl.poortwachter.recorder.settings.RecorderSettings.RESERVE_POLICY;
import static nl.poortwachter.recorder.settings.RecorderSettings.RESERVE_STOP_ORDER;
import static nl.poortwachter.recorder.settings.RecorderSettings.RETENTION_DEFAULT_DAYS;

import java.time.Duration;
import java.util.List;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

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

    private static final long MIB = 1024L * 1024;

    /** The settings table's defaults (28 days, a 1 GiB storage reserve, delete-oldest). */
    public static RetentionConfig defaults() {
        return from(Settings.NONE);
    }

    /** @throws SettingException when policy stop-cameras has no cameras to stop */
    public static RetentionConfig from(Settings s) {
        ReservePolicy policy = ReservePolicy.parse(s.get(RESERVE_POLICY));
        List<String> order = s.get(RESERVE_STOP_ORDER);
        if (policy == ReservePolicy.STOP_CAMERAS && order.isEmpty()) {
            throw new SettingException(RESERVE_STOP_ORDER.key(), "policy stop-cameras needs the cameras to stop, "
                    + "lowest priority first");
        }
        return new RetentionConfig(s.get(RETENTION_DEFAULT_DAYS), Duration.ofMinutes(s.get(PURGE_INTERVAL_MINUTES)),
                s.get(RESERVE_FLOOR_MIB) * MIB, s.get(RESERVE_MARGIN_MIB) * MIB, policy,
                Duration.ofSeconds(s.get(RESERVE_CHECK_SECONDS)), order, s.get(EXPORT_RETENTION_DAYS));
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
