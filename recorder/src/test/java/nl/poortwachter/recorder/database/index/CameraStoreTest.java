package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.camera.VideoEncoder;
import org.junit.jupiter.api.Test;

/**
 * The camera table's contract (docs/index-schema.md): every field comes back as stored, credentials apart from the
 * description and replaced or removed with it, a taken id or an unknown camera is a false and changes nothing, the
 * list is in id order.
 */
class CameraStoreTest extends FreshIndex {
    private CameraStore cameras() {
        return index.cameras();
    }

    /** Every field set, none to its default. */
    static CameraSpec full(String id) {
        return new CameraSpec(id, "Neude " + id, "rtsp://192.0.2.7:554/stream1", "kijker", "Geheim-1!", "Axis", "P1465",
                "Neude 11, Utrecht", "openbare orde", "gemeentewet-151c", 14, false, Transport.udp,
                PipelineMode.passthrough,
                new TranscodeSettings("veryfast", 23, 1500, 25, 720, 15, 2, VideoEncoder.libopenh264, "aq-mode=1"),
                List.of(new PrivacyMask(List.of(0.1, 0.2, 0.3, 0.4), null, PrivacyMask.Fill.blur, null)),
                new PolicyOverride("Axis firmware audited", "ada", "2026-11-01T10:00:00Z"));
    }

    /** The defaults the validator fills in, no credentials. */
    static CameraSpec plain(String id) {
        return new CameraSpec(id, "Camera " + id, "rtsp://192.0.2.8/live", null, null, null, null, null, null,
                "avg-building-security", CameraSpec.DEFAULT_RETENTION_DAYS, true, Transport.tcp, PipelineMode.transcode,
                null, List.of(), null);
    }

    @Test
    void everyFieldComesBackAsStored() {
        CameraSpec spec = full("neude");
        assertTrue(cameras().insert(spec));
        assertEquals(Optional.of(spec), cameras().find("neude"));
        assertTrue(cameras().insert(plain("hal")));
        assertEquals(Optional.of(plain("hal")), cameras().find("hal"));
        assertEquals(Optional.empty(), cameras().find("HAL"), "ids are exact");
    }

    @Test
    void aTakenIdIsRefusedAndTheFirstCameraStays() {
        assertTrue(cameras().insert(full("neude")));
        assertFalse(cameras().insert(plain("neude")));
        assertEquals(Optional.of(full("neude")), cameras().find("neude"), "neither description nor credentials changed");
    }

    @Test
    void anUpdateReplacesTheDescriptionAndTheCredentials() {
        assertTrue(cameras().insert(full("neude")));
        CameraSpec moved = plain("neude").withCredentials("beheer", "Nieuw-2!");
        assertTrue(cameras().update(moved));
        assertEquals(Optional.of(moved), cameras().find("neude"));
        CameraSpec without = plain("neude");
        assertTrue(cameras().update(without));
        CameraSpec found = cameras().find("neude").orElseThrow();
        assertFalse(found.hasCredentials(), "credentials removed with the update that has none");
        assertEquals(null, found.password());
    }

    @Test
    void updatingOrDeletingAnUnknownCameraIsFalseAndCreatesNothing() {
        assertFalse(cameras().update(full("nergens")));
        assertFalse(cameras().delete("nergens"));
        assertEquals(List.of(), cameras().list());
    }

    @Test
    void deleteRemovesTheCameraAndItsCredentials() throws Exception {
        assertTrue(cameras().insert(full("neude")));
        assertTrue(cameras().delete("neude"));
        assertEquals(Optional.empty(), cameras().find("neude"));
        assertFalse(cameras().delete("neude"), "deleting twice");
        // Inserted again without credentials: none of the old ones come back with it.
        assertTrue(cameras().insert(plain("neude")));
        assertFalse(cameras().find("neude").orElseThrow().hasCredentials());
    }

    @Test
    void theListIsInIdOrder() {
        for (String id : List.of("zuid", "centrum", "noord", "Bibliotheek")) {
            assertTrue(cameras().insert(plain(id)));
        }
        assertEquals(List.of("Bibliotheek", "centrum", "noord", "zuid"), cameras().list().stream().map(CameraSpec::id).toList());
    }

    @Test
    void camerasSurviveReopening() {
        assertTrue(cameras().insert(full("neude")));
        reopen();
        assertEquals(List.of(full("neude")), cameras().list());
    }
}
