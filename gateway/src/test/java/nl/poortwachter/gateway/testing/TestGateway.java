package nl.poortwachter.gateway.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;

/** A gateway in this JVM on a free port, bootstrapped admin, cheap password hashing; cameras that never connect. */
public final class TestGateway {
    /**
     * The camera simulator (and the tests' never-connecting cameras) run on loopback, which a gateway refuses as a
     * camera address by default (docs/decisions.md D49): test configurations allow it explicitly.
     */
    public static final String LOOPBACK_CAMERAS = "cameraSpecialAddresses: [loopback]\n";

    private TestGateway() {
    }

    public static Gateway start(Path dir, String extraYaml) throws Exception {
        // extraYaml follows the auth section, so indented keys continue it ("  maxFailedLogins: 3").
        GatewayConfig config = new ConfigLoader(Logins.ENV, dir).parse(
                LOOPBACK_CAMERAS + "ingest: {connectTimeoutSeconds: 2, probeTimeoutSeconds: 3, backoffMaxSeconds: 2}\n"
                        + Logins.FAST_AUTH + extraYaml,
                "test.yaml", null, new Overrides(0, dir.resolve("storage"), null));
        return Gateway.start(config);
    }

    /**
     * A test gateway whose audit checkpoints also go to an anchor file in {@code dir} ({@code anchor/cp.jsonl}): the
     * next gateway on the same folder finds a tail of audit.db cut while it was down, and starts in alarm (D48).
     */
    public static Gateway startAnchored(Path dir) throws Exception {
        return start(dir, "audit:\n  anchor:\n    file: " + dir.resolve("anchor").resolve("cp.jsonl") + "\n");
    }

    /** A camera that is not recording (nothing listens at 127.0.0.1:9). */
    public static Map<String, Object> camera(String id, String regime) {
        return Map.of("id", id, "name", "Camera " + id, "url", "rtsp://127.0.0.1:9/" + id, "legalRegime", regime,
                "recording", false);
    }

    /** A camera that records from {@code url} (the simulator), in the default mode. */
    public static Map<String, Object> recordingCamera(String id, String url) {
        return Map.of("id", id, "name", "Camera " + id, "url", url, "legalRegime", "avg-building-security");
    }

    public static List<String> none() {
        return List.of();
    }
}
