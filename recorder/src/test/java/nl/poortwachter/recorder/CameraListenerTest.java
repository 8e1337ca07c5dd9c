package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks of a change's approval are the gateway's audit log: a hook that throws (the log cannot record the change)
 * refuses the change, which is then not stored at all, and the caller gets the exception. Setting and removing
 * a policy override are each reported.
 */
class CameraListenerTest {
    @TempDir
    Path dir;

    /** An untrusted vendor's camera that is not recording: nothing connects during the test. */
    private static CameraSpec idle(String id) {
        return new CameraSpec(id, "Camera " + id, "rtsp://127.0.0.1:9/" + id, null, null, "Hikvision", null, "lab",
                "tests", "avg-building-security", null, false, null, null, null, null, null);
    }

    @Test
    void aChangeTheListenerCannotRecordIsNotStored() throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            r.addCamera(idle("plein"));
            AtomicBoolean logDown = new AtomicBoolean(true);
            List<String> heard = new CopyOnWriteArrayList<>();
            ChangeApproval listener = new ChangeApproval() {
                @Override
                public void approve(CameraSpec before, CameraSpec after) {
                }

                @Override
                public void pipelineChanged(String id, CameraSpec before, CameraSpec after) {
                    if (logDown.get()) {
                        throw new IllegalStateException("audit log down");
                    }
                    heard.add("pipeline " + id + " " + after.mode());
                }

                @Override
                public void policyOverridden(String id, PolicyOverride o) {
                    heard.add("override " + id + " set");
                }

                @Override
                public void policyOverrideRemoved(String id, PolicyOverride removed) {
                    heard.add("override " + id + " removed: " + removed.reason());
                }
            };
            PrivacyMask mask = new PrivacyMask(List.of(0.1, 0.1, 0.2, 0.2), null, PrivacyMask.Fill.solid, null);
            PolicyOverride override = new PolicyOverride("Camera in een afgesloten serverruimte", "admin", null);

            assertThrows(IllegalStateException.class,
                    () -> r.updateCamera("plein", idle("plein").withPipeline(null, null, List.of(mask), null), listener));
            CameraView kept = r.camera("plein").orElseThrow();
            assertTrue(kept.masks() == null || kept.masks().isEmpty(), "the refused masks are not stored: " + kept.masks());
            assertEquals(PipelineMode.transcode, kept.mode());
            assertThrows(IllegalStateException.class,
                    () -> r.addCamera(idle("poort").withPipeline(PipelineMode.passthrough, null, null, override), listener));
            assertTrue(r.camera("poort").isEmpty(), "a refused new camera is not stored");

            logDown.set(false);
            r.updateCamera("plein", idle("plein").withPipeline(PipelineMode.passthrough, null, null, override), listener);
            r.updateCamera("plein", idle("plein"), listener);
            assertNull(r.camera("plein").orElseThrow().policyOverride());
            assertEquals(List.of("pipeline plein passthrough", "override plein set", "pipeline plein transcode",
                    "override plein removed: Camera in een afgesloten serverruimte"), heard);
        }
    }
}
