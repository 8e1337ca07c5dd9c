package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.InvalidRegisterEntryException;
import nl.poortwachter.recorder.register.RegisterConflictException;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterView;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register as stored in the index, with cameras: entries without a camera, every camera's own entry, a connected
 * entry's camera fields stored once with the camera, plans applied whole or not at all.
 */
class RegisterTest {
    @TempDir
    Path dir;
    private Recorder recorder;

    @BeforeEach
    void start() {
        recorder = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(2)), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private static byte[] utrecht() throws Exception {
        try (InputStream in = RegisterTest.class.getResourceAsStream("/register/utrecht-inventory.csv")) {
            return in.readAllBytes();
        }
    }

    /** A camera that does not record (nothing is connected to). */
    private static CameraSpec camera(String id, String vendor, PipelineMode mode) {
        return new CameraSpec(id, "Camera " + id, "rtsp://127.0.0.1:9/" + id, "admin", "Geheim-camera-1", vendor, "M1",
                null, "toezicht", "avg-building-security", 14, false, null, mode, null, null, null);
    }

    private RegisterView entry(String key) {
        return recorder.register().list().stream().filter(v -> v.entry().key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + key + " in " + recorder.register().list()));
    }

    private ImportPlan applied(byte[] file) {
        ImportPlan plan = recorder.register().planImport(file, Map.of());
        assertTrue(plan.applicable(), () -> plan.problems().toString());
        recorder.register().apply(plan.rows());
        return plan;
    }

    @Test
    void anInventoryIsStoredAndImportsAgainWithoutChangeAlsoAfterARestart() throws Exception {
        ImportPlan first = applied(utrecht());
        assertEquals(22, first.count(ImportPlan.Action.CREATE));
        assertEquals(22, recorder.register().list().size());
        RegisterView cafe = entry("janskerkhof--cafe-de-poort-terras");
        assertEquals("Café De Poort, terras", cafe.entry().description());
        assertEquals(RegisterView.TO_CONNECT, cafe.state());
        assertNull(cafe.cameraId());
        assertNull(cafe.mode());

        recorder.close();
        recorder = Recorder.start(TestRecorders.config(dir, Duration.ofSeconds(2)), new SimpleMeterRegistry());
        ImportPlan again = recorder.register().planImport(utrecht(), Map.of());
        assertEquals(22, again.count(ImportPlan.Action.UNCHANGED), () -> again.rows().toString());
        assertEquals(0, recorder.register().apply(again.rows()));
        assertEquals(cafe, entry("janskerkhof--cafe-de-poort-terras"));
    }

    @Test
    void everyCameraHasAnEntryWhoseCameraFieldsAreTheCamerasOwn() {
        recorder.addCamera(camera("cam-1", "Axis", null));
        RegisterView v = entry("cam-1");
        assertEquals("cam-1", v.cameraId());
        assertEquals(RegisterView.SANITIZED, v.mode());
        assertEquals("stopped", v.state(), "a camera switched off");
        assertEquals("Axis", v.entry().vendor());
        assertEquals(14, v.entry().retentionDays());
        assertEquals("rtsp://127.0.0.1:9/cam-1", v.entry().rtspUrl());

        // Edited through the register: the camera changes, its stream, legal basis and credentials stay.
        RegisterEntry wanted = v.entry().toBuilder().set(RegisterField.LOCATION, "Neude 11")
                .set(RegisterField.RETENTION_DAYS, 7).set(RegisterField.FIRMWARE, "V5.7.3 build 220112")
                .set(RegisterField.RTSP_URL, null).set(RegisterField.LEGAL_REGIME, null).build();
        ImportPlan.RowPlan edit = recorder.register().planEdit(v.id(), wanted);
        assertEquals(ImportPlan.Action.CHANGE, edit.action());
        assertEquals(List.of(RegisterField.LOCATION, RegisterField.FIRMWARE, RegisterField.RETENTION_DAYS),
                edit.changes().stream().map(ImportPlan.FieldChange::field).toList(), "empty stream and legal basis: kept");
        assertEquals(1, recorder.register().apply(List.of(edit)));
        CameraView cam = recorder.camera("cam-1").orElseThrow();
        assertEquals("Neude 11", cam.location());
        assertEquals("avg-building-security", cam.legalRegime());
        assertEquals(7, cam.retentionDays());
        assertEquals("rtsp://127.0.0.1:9/cam-1", cam.url());
        assertEquals("***", cam.credentials());
        assertEquals("V5.7.3 build 220112", entry("cam-1").entry().firmware());

        InvalidRegisterEntryException stream = assertThrows(InvalidRegisterEntryException.class, () -> recorder.register()
                .planEdit(v.id(), wanted.toBuilder().set(RegisterField.RTSP_URL, "rtsp://127.0.0.1:9/other").build()));
        assertEquals("rtspUrl: camera 'cam-1' is connected with its own stream; change it on the camera, not in the"
                + " register", stream.problems().get(0).toString());
        // Who may see the footage is decided by the legal basis: an administrator's act, with a reason (D47).
        InvalidRegisterEntryException regime = assertThrows(InvalidRegisterEntryException.class, () -> recorder.register()
                .planEdit(v.id(), wanted.toBuilder().set(RegisterField.LEGAL_REGIME, "Gemeentewet 151c").build()));
        assertEquals("legalRegime: camera 'cam-1' records under 'avg-building-security'; its legal basis is changed by an"
                + " administrator on the camera, with a reason (PUT /api/v1/cameras/cam-1/legal-regime)",
                regime.problems().get(0).toString());
        InvalidRegisterEntryException retention = assertThrows(InvalidRegisterEntryException.class, () -> recorder.register()
                .planEdit(v.id(), wanted.toBuilder().set(RegisterField.RETENTION_DAYS, 40).build()));
        assertEquals("retentionDays: for connected camera 'cam-1': is 40 but regime 'avg-building-security' allows at most"
                + " 28 days", retention.problems().get(0).toString());
    }

    @Test
    void aPassthroughCamerasVendorFollowsThePassthroughPolicy() {
        recorder.addCamera(camera("cam-2", "test", PipelineMode.passthrough));
        RegisterView v = entry("cam-2");
        assertEquals(RegisterView.PASSTHROUGH, v.mode());
        InvalidRegisterEntryException e = assertThrows(InvalidRegisterEntryException.class, () -> recorder.register()
                .planEdit(v.id(), v.entry().toBuilder().set(RegisterField.VENDOR, "Hikvision")
                        .set(RegisterField.LOCATION, "Lab").build()));
        assertEquals(RegisterField.VENDOR, e.problems().get(0).field());
        assertTrue(e.problems().get(0).message().startsWith("for connected camera 'cam-2': "), e.problems()::toString);
        assertEquals("test", recorder.camera("cam-2").orElseThrow().vendor());
    }

    @Test
    void aRemovedCameraLeavesItsEntryToConnectWithTheCamerasValues() {
        recorder.addCamera(camera("cam-3", "Dahua", null));
        recorder.removeCamera("cam-3");
        RegisterView v = entry("cam-3");
        assertEquals(RegisterView.TO_CONNECT, v.state());
        assertNull(v.cameraId());
        assertEquals("Camera cam-3", v.entry().location(), "no location: the camera's name");
        assertEquals("Dahua", v.entry().vendor());
        assertEquals("toezicht", v.entry().purpose());
        assertEquals("rtsp://127.0.0.1:9/cam-3", v.entry().rtspUrl());

        // The same id again: the old entry keeps its key, the new camera gets its own.
        recorder.addCamera(camera("cam-3", "Dahua", null));
        assertEquals("cam-3", recorder.register().ofCamera("cam-3").orElseThrow().cameraId());
        assertEquals("camera:cam-3", recorder.register().ofCamera("cam-3").orElseThrow().entry().key());
        assertEquals(RegisterView.TO_CONNECT, entry("cam-3").state());
    }

    @Test
    void anEntryIsConnectedToANewCameraMadeFromIt() throws Exception {
        applied(utrecht());
        RegisterView neude = entry("neude--uitgaansgebied-terrassen");
        RegisterView connected = recorder.register().connect(neude.id(), new CameraSpec("neude-1", null,
                "rtsp://127.0.0.1:9/neude", null, null, null, null, null, null, "gemeentewet-151c", null, false, null),
                nl.poortwachter.recorder.camera.ChangeApproval.NONE);
        assertEquals("neude-1", connected.cameraId());
        assertEquals(neude.id(), connected.id());
        CameraView cam = recorder.camera("neude-1").orElseThrow();
        assertEquals("Neude", cam.name());
        assertEquals("Neude", cam.location());
        assertEquals("Hikvision", cam.vendor());
        assertEquals(22, recorder.register().list().size(), "the camera's own entry gave way to the one it connects");
        assertEquals("Uitgaansgebied, terrassen", connected.entry().description());

        RegisterConflictException twice = assertThrows(RegisterConflictException.class, () -> recorder.register().connect(
                neude.id(), camera("neude-2", "x", null), nl.poortwachter.recorder.camera.ChangeApproval.NONE));
        assertEquals("entry 'neude--uitgaansgebied-terrassen' is already connected to camera 'neude-1'", twice.getMessage());
        RegisterConflictException delete = assertThrows(RegisterConflictException.class,
                () -> recorder.register().delete(neude.id(), connected.entry()));
        assertEquals("entry 'neude--uitgaansgebied-terrassen' is connected to camera 'neude-1'; remove the camera first",
                delete.getMessage());

        // Re-importing the spreadsheet still changes nothing: it is matched through the camera's fields.
        assertEquals(22, recorder.register().planImport(utrecht(), Map.of()).count(ImportPlan.Action.UNCHANGED));
    }

    @Test
    void anImportChangesAConnectedCameraUnderItsRulesAndNeverItsStream() {
        recorder.addCamera(camera("cam-4", "Axis", null));
        byte[] file = ("Kenmerk;Locatie;Bewaartermijn;RTSP-URL\ncam-4;Vredenburg 1;30;\nnieuw-1;Neude;7;rtsp://10.0.0.1/a\n")
                .getBytes(StandardCharsets.UTF_8);
        ImportPlan tooLong = recorder.register().planImport(file, Map.of());
        assertEquals(List.of("line 2, column 3 (Bewaartermijn): is 30 days but legal basis 'avg-building-security' allows"
                + " at most 28"), tooLong.problems().stream().map(Object::toString).toList());
        ImportPlan tooLongPurpose = recorder.register().planImport(("Kenmerk;Locatie;Doel\ncam-4;Vredenburg 1;\"toezicht\n"
                + "en handhaving\"\n").getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(List.of("line 2, column 3 (Doel): for connected camera 'cam-4': must not contain control characters"),
                tooLongPurpose.problems().stream().map(Object::toString).toList(), "a camera's purpose is one line");

        ImportPlan ok = applied(("Kenmerk;Locatie;Bewaartermijn;RTSP-URL\ncam-4;Vredenburg 1;21;\nnieuw-1;Neude;7;"
                + "rtsp://10.0.0.1/a\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, ok.count(ImportPlan.Action.CHANGE));
        assertEquals("Vredenburg 1", recorder.camera("cam-4").orElseThrow().location());
        assertEquals(21, recorder.camera("cam-4").orElseThrow().retentionDays());

        ImportPlan otherStream = recorder.register().planImport(("Kenmerk;Locatie;RTSP-URL\ncam-4;Vredenburg 1;"
                + "rtsp://10.0.0.9/x\n").getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(List.of("line 2, column 3 (RTSP-URL): camera 'cam-4' is connected with its own stream; change it on"
                + " the camera, not in the register"), otherStream.problems().stream().map(Object::toString).toList());
    }

    @Test
    void aPlanMadeBeforeAnotherChangeIsRefusedWhole() throws Exception {
        ImportPlan plan = recorder.register().planImport(utrecht(), Map.of());
        ImportPlan.RowPlan sneak = recorder.register().planEdit(null, RegisterEntry.builder()
                .set(RegisterField.KEY, "neude--uitgaansgebied-terrassen").set(RegisterField.LOCATION, "Neude").build());
        recorder.register().apply(List.of(sneak));
        RegisterConflictException e = assertThrows(RegisterConflictException.class, () -> recorder.register().apply(plan.rows()));
        assertEquals("entry 'neude--uitgaansgebied-terrassen' (line 3) changed since the plan was made; make the plan again",
                e.getMessage());
        assertEquals(1, recorder.register().list().size(), "nothing of the plan was written");
    }
}
