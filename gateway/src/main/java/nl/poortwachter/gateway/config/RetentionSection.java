package nl.poortwachter.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.retention.ReservePolicy;
import nl.poortwachter.recorder.retention.RetentionConfig;

/** The {@code retention:} section of gateway.yaml: defaults from {@link RetentionConfig#defaults()}, every key checked. */
final class RetentionSection {
    private static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final long MIB = 1024L * 1024;

    private RetentionSection() {
    }

    static RetentionConfig parse(ConfigFile.Retention raw, String file) {
        RetentionConfig d = RetentionConfig.defaults();
        if (raw == null) {
            return d;
        }
        ConfigFile.Reserve r = raw.reserve() == null ? new ConfigFile.Reserve(null, null, null, null, null) : raw.reserve();
        ReservePolicy policy;
        try {
            policy = r.policy() == null ? d.reservePolicy() : ReservePolicy.parse(r.policy().strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": retention.reserve.policy: " + e.getMessage());
        }
        List<String> order = new ArrayList<>();
        List<String> rawOrder = r.stopOrder() == null ? List.of() : r.stopOrder();
        for (int i = 0; i < rawOrder.size(); i++) {
            String id = rawOrder.get(i);
            if (id == null || !CAMERA_ID.matcher(id.strip()).matches()) {
                throw new ConfigException(file + ": retention.reserve.stopOrder[" + i + "]: must be a camera id");
            }
            order.add(id.strip());
        }
        if (policy == ReservePolicy.STOP_CAMERAS && order.isEmpty()) {
            throw new ConfigException(file + ": retention.reserve.stopOrder: policy stop-cameras needs the cameras to "
                    + "stop, lowest priority first");
        }
        return new RetentionConfig(
                range(file, "retention.defaultDays", raw.defaultDays(), d.defaultRetentionDays(), 1, 3650),
                Duration.ofMinutes(range(file, "retention.purgeIntervalMinutes", raw.purgeIntervalMinutes(),
                        (int) d.purgeInterval().toMinutes(), 1, 1440)),
                range(file, "retention.reserve.floorMiB", r.floorMiB(), (int) (d.reserveFloorBytes() / MIB), 0, 10_000_000) * MIB,
                range(file, "retention.reserve.marginMiB", r.marginMiB(), (int) (d.reserveMarginBytes() / MIB), 0, 10_000_000) * MIB,
                policy,
                Duration.ofSeconds(range(file, "retention.reserve.checkSeconds", r.checkSeconds(),
                        (int) d.reserveCheckInterval().toSeconds(), 1, 3600)),
                order,
                range(file, "retention.exportRetentionDays", raw.exportRetentionDays(), d.exportRetentionDays(), 1, 3650));
    }

    private static int range(String file, String key, Integer value, int dflt, int min, int max) {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            throw new ConfigException(file + ": " + key + ": must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }
}
