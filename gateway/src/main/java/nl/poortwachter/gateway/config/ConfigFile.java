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
                  List<CameraSpec> cameras) {

    record Http(String host, Integer port) {
    }

    record Storage(String path) {
    }

    record Database(String path) {
    }

    record Recording(Integer segmentSeconds, Integer diskThreads) {
    }

    record Ingest(Integer connectTimeoutSeconds, Integer stallTimeoutSeconds, Integer backoffInitialSeconds,
                  Integer backoffMaxSeconds, Integer probeTimeoutSeconds) {
    }

    record Regime(String description, Integer maxRetentionDays) {
    }

    /** Which cameras may skip the sanitizing transcode (none by default). */
    record Passthrough(List<String> allowVendors, List<String> allowCameras, List<String> denyVendors) {
    }

    static ConfigFile empty() {
        return new ConfigFile(null, null, null, null, null, null, null, null, null);
    }
}
