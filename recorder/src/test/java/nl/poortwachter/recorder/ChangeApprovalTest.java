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
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller's approval of a camera change is the gateway writing the change's audit entry: refused, the change
 * leaves nothing behind (no new camera, the old description with its credentials, no removal); approved, it is
 * made. The approval never sees a password.
 */
class ChangeApprovalTest {
    private static final ChangeApproval LOG_DOWN = (before, after) -> {
        throw new IllegalStateException("audit log down");
    };

    @TempDir
    Path dir;

    private static CameraSpec idle(String id, String name, String username, String password) {
        return new CameraSpec(id, name, "rtsp://127.0.0.1:9/" + id, username, password, "Axis", null, "lab",
                "tests", "avg-building-security", null, false, null);
    }

    @Test
    void aRefusedChangeLeavesTheCameraAsItWas() throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            r.addCamera(idle("plein", "Plein", "viewer", "Geheim-1"));

            assertThrows(IllegalStateException.class, () -> r.addCamera(idle("poort", "Poort", null, null), LOG_DOWN));
            assertTrue(r.camera("poort").isEmpty(), "a refused new camera is not stored");
            // "username": "" drops the credentials: refused, the stored ones are back.
            assertThrows(IllegalStateException.class,
                    () -> r.updateCamera("plein", idle("plein", "Plein noord", "", null), LOG_DOWN));
            CameraView kept = r.camera("plein").orElseThrow();
            assertEquals("Plein", kept.name());
            assertEquals("***", kept.credentials(), "the credentials are restored with the description");
            assertThrows(IllegalStateException.class, () -> r.removeCamera("plein", LOG_DOWN));
            assertTrue(r.camera("plein").isPresent(), "a refused removal removes nothing");
        }
    }

    @Test
    void anApprovedChangeIsMadeAndItsApprovalSeesNoSecrets() throws Exception {
        try (Recorder r = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(3)), new SimpleMeterRegistry())) {
            List<String> heard = new CopyOnWriteArrayList<>();
            ChangeApproval listen = (before, after) -> {
                CameraSpec any = after == null ? before : after;
                assertNull(any.password(), "no password in what the approval sees");
                heard.add((before == null ? "-" : before.name()) + " -> " + (after == null ? "-" : after.name()));
            };
            r.addCamera(idle("plein", "Plein", "viewer", "Geheim-1"), listen);
            r.updateCamera("plein", idle("plein", "Plein noord", null, null), listen);
            assertEquals("***", r.camera("plein").orElseThrow().credentials(), "an update without a password keeps it");
            r.removeCamera("plein", listen);
            assertTrue(r.camera("plein").isEmpty());
            assertEquals(List.of("- -> Plein", "Plein -> Plein noord", "Plein noord -> -"), heard);
        }
    }
}
