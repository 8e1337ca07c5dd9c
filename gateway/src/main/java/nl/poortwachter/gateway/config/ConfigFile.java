package nl.poortwachter.gateway.config;

import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;

/**
 * The shape of gateway.yaml exactly as written: every field may be absent (null), defaults are filled in by
 * {@link ConfigLoader}. Kept apart from {@link GatewayConfig} so that "not given" and "given" stay distinguishable
 * (the database path follows the storage path only when not given).
 */
record ConfigFile(Http http, Storage storage, Database database, Recording recording, Ingest ingest,
                  List<String> cameraNetworks, Map<String, Regime> legalRegimes, Passthrough passthrough,
                  List<CameraSpec> cameras, Auth auth, Audit audit, Retention retention) {

    record Http(String host, Integer port) {
    }

    record Storage(String path) {
    }

    record Database(String path) {
    }

    record Recording(Integer segmentSeconds, Integer diskThreads) {
    }

    record Ingest(Integer connectTimeoutSeconds, Integer stallTimeoutSeconds, Integer backoffInitialSeconds,
                  Integer backoffMaxSeconds, Integer probeTimeoutSeconds, String rtspReader,
                  Integer maxConcurrentConnects) {
    }

    /** @param processingActivity URI of the regime's entry in the municipality's processing register */
    record Regime(String description, Integer maxRetentionDays, String processingActivity) {
    }

    record Auth(Integer sessionIdleMinutes, Integer sessionMaxHours, Integer maxFailedLogins,
                Integer maxFailedLoginsPerAddress, Integer lockoutSeconds, Integer lockoutMaxSeconds,
                Integer passwordHashIterations, Boolean secureCookie, List<String> policeOnlyRegimes,
                Boolean metricsPublic, List<String> trustedProxies) {
    }

    record Audit(String path, Integer checkpointEntries, Integer checkpointSeconds, String defaultLivePurpose,
                 Boolean askLivePurpose, String gatewayName) {
    }

    /** Which cameras may skip the sanitizing transcode (none by default). */
    record Passthrough(List<String> allowVendors, List<String> allowCameras, List<String> denyVendors) {
    }

    /** Background deletion: see {@link RetentionSection}. */
    record Retention(Integer defaultDays, Integer purgeIntervalMinutes, Integer exportRetentionDays, Reserve reserve) {
    }

    record Reserve(Integer floorMiB, Integer marginMiB, String policy, Integer checkSeconds, List<String> stopOrder) {
    }

    static ConfigFile empty() {
        return new ConfigFile(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
