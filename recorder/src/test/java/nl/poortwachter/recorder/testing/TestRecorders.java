package nl.poortwachter.recorder.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.RecorderConfig;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;

/** Recorder configurations for tests: short segments and timeouts so failures show within seconds. */
public final class TestRecorders {
    public static final Map<String, LegalRegime> REGIMES = Map.of(
            "gemeentewet-151c", new LegalRegime("gemeentewet-151c", "Cameratoezicht openbare orde", 28),
            "avg-building-security", new LegalRegime("avg-building-security", "Beveiliging gebouwen", 28));

    private TestRecorders() {
    }

    public static RecorderConfig config(Path dir, Duration segment) {
        return new RecorderConfig(dir.resolve("storage"), dir.resolve("index.db"), segment,
                new RecorderConfig.Ingest(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofMillis(500),
                        Duration.ofSeconds(2), Duration.ofSeconds(6)),
                REGIMES, List.of(), List.of(), 2);
    }

    public static CameraSpec camera(String id, String url) {
        return new CameraSpec(id, "Camera " + id, url, null, null, "test", null, "lab", "tests",
                "avg-building-security", null, null, null);
    }
}
