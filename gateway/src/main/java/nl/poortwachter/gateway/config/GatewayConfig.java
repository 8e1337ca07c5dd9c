package nl.poortwachter.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.config.RecorderConfig;

/**
 * The validated configuration: defaults filled in, paths absolute, secrets resolved from the environment. What the
 * recorder needs is the recorder's own configuration ({@link #recorder()}), made once by the loader; the accessors
 * below it are shortcuts into it, not copies.
 *
 * @param source    the file it came from (for messages), or null when built-in defaults were used
 * @param httpPort  0 only when an override asked for any free port
 * @param logFormat {@code text} or {@code json}
 * @param cluster   how this node talks to the other nodes of its cluster; null for the embedded single node
 */
public record GatewayConfig(
        Path source,
        String httpHost,
        int httpPort,
        RecorderConfig recorder,
        AuthSettings auth,
        AuditSettings audit,
        String logFormat,
        RegisterSettings register,
        OnvifSettings onvif,
        ClusterSettings cluster) {

    /**
     * Without the register and ONVIF sections, which take their defaults, and as the embedded single node (tools and
     * tests that build one by hand).
     */
    public GatewayConfig(Path source, String httpHost, int httpPort, RecorderConfig recorder, AuthSettings auth,
                         AuditSettings audit, String logFormat) {
        this(source, httpHost, httpPort, recorder, auth, audit, logFormat, RegisterSettings.defaults(),
                OnvifSettings.defaults(), null);
    }

    public RecorderConfig toRecorderConfig() {
        return recorder;
    }

    public Path storageDir() {
        return recorder.storageDir();
    }

    public Path databaseFile() {
        return recorder.databaseFile();
    }

    public Duration segmentDuration() {
        return recorder.segmentDuration();
    }

    public int diskThreads() {
        return recorder.diskThreads();
    }

    public RecorderConfig.Ingest ingest() {
        return recorder.ingest();
    }

    public List<Cidr> cameraNetworks() {
        return recorder.cameraNetworks();
    }

    public Map<String, LegalRegime> legalRegimes() {
        return recorder.legalRegimes();
    }

    public List<CameraSpec> cameras() {
        return recorder.configuredCameras();
    }

    @Override
    public String toString() {
        // Cameras hold passwords: never print them, only how many there are.
        return "GatewayConfig[source=" + source + ", http=" + httpHost + ":" + httpPort + ", storage=" + storageDir()
                + ", database=" + databaseFile() + ", segment=" + segmentDuration() + ", cameras=" + cameras().size()
                + ", audit=" + audit.file() + ", " + auth + (cluster == null ? "" : ", " + cluster) + "]";
    }
}
