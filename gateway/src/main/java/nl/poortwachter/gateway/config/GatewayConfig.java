package nl.poortwachter.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.retention.RetentionConfig;

/**
 * The validated configuration: defaults filled in, paths absolute, secrets resolved from the environment.
 *
 * @param source   the file it came from (for messages), or null when built-in defaults were used
 * @param httpPort 0 only when an override asked for any free port
 */
public record GatewayConfig(
        Path source,
        String httpHost,
        int httpPort,
        Path storageDir,
        Path databaseFile,
        Duration segmentDuration,
        int diskThreads,
        RecorderConfig.Ingest ingest,
        List<Cidr> cameraNetworks,
        Map<String, LegalRegime> legalRegimes,
        PassthroughPolicy passthroughPolicy,
        List<CameraSpec> cameras,
        AuthSettings auth,
        AuditSettings audit,
        RetentionConfig retention) {

    public RecorderConfig toRecorderConfig() {
        return new RecorderConfig(storageDir, databaseFile, segmentDuration, ingest, legalRegimes, cameraNetworks,
                cameras, diskThreads, passthroughPolicy).withRetention(retention);
    }

    @Override
    public String toString() {
        // Cameras hold passwords: never print them, only how many there are.
        return "GatewayConfig[source=" + source + ", http=" + httpHost + ":" + httpPort + ", storage=" + storageDir
                + ", database=" + databaseFile + ", segment=" + segmentDuration + ", cameras=" + cameras.size()
                + ", audit=" + audit.file() + ", " + auth + "]";
    }
}
