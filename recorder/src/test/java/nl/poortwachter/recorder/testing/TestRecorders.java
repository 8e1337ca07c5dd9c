package nl.poortwachter.recorder.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.config.CapacityConfig;
import nl.poortwachter.recorder.config.RecorderConfig;

/**
 * Recorder configurations for tests: short segments and timeouts so failures show within seconds. The overload
 * policy is off: these tests count pictures, and a busy test machine must not make the recorder reduce a camera to
 * key frames under them (the policy has tests of its own: CapacityMonitorTest, OverloadIT).
 */
public final class TestRecorders {
    public static final Map<String, LegalRegime> REGIMES = Map.of(
            "gemeentewet-151c", new LegalRegime("gemeentewet-151c", "Cameratoezicht openbare orde", 28),
            "avg-building-security", new LegalRegime("avg-building-security", "Beveiliging gebouwen", 28));

    private TestRecorders() {
    }

    public static RecorderConfig config(Path dir, Duration segment) {
        return RecorderConfig.builder(dir.resolve("storage"))
                .databaseFile(dir.resolve("index.db"))
                .segmentDuration(segment)
                .connectTimeout(Duration.ofSeconds(2))
                .stallTimeout(Duration.ofSeconds(6))
                .backoff(Duration.ofMillis(500), Duration.ofSeconds(2))
                .probeTimeout(Duration.ofSeconds(6))
                .legalRegimes(REGIMES)
                .diskThreads(2)
                .passthroughPolicy(TRUST_TEST_VENDOR)
                .capacity(new CapacityConfig(Duration.ofSeconds(5), 85, CapacityConfig.OverloadPolicy.report, List.of()))
                // The camera simulator runs on loopback, which cameras may not use unless allowed (D49).
                .cameraSpecialAddresses(Set.of(AddressPolicy.Kind.LOOPBACK))
                .build();
    }

    /** Cameras of vendor "test" may use passthrough: the recording tests measure ingest, not the transcoder. */
    public static final PassthroughPolicy TRUST_TEST_VENDOR = new PassthroughPolicy(Set.of("test"), Set.of(), Set.of());

    /** A passthrough camera of the trusted test vendor. */
    public static CameraSpec camera(String id, String url) {
        return new CameraSpec(id, "Camera " + id, url, null, null, "test", null, "lab", "tests",
                "avg-building-security", null, null, null, PipelineMode.passthrough, null, null, null);
    }

    /** A camera in the default mode (transcode), optionally with masks. */
    public static CameraSpec transcoded(String id, String url, String vendor, List<PrivacyMask> masks) {
        return new CameraSpec(id, "Camera " + id, url, null, null, vendor, null, "lab", "tests",
                "avg-building-security", null, null, null, null, null, masks, null);
    }
}
