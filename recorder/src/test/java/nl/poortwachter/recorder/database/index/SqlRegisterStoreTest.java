package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterConflictException;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterRow;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The register's table on both dialects of the data layer: every value kind round trips, a connected entry's camera
 * fields live in the camera's row only, cameras bring and leave their entries, plans are written whole or not at all,
 * and the newest footage is joined in.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class SqlRegisterStoreTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    TestDatabases dbs;
    IndexDatabase index;

    @BeforeEach
    void open() {
        dbs = kind.in(dir);
        // Camera passwords are sealed (D50: a credential key is needed); the register's rows never hold one.
        index = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, null,
                new CredentialCipher(CredentialKey.generate(), List.of()));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static CameraSpec camera(String id, String location, int retention) {
        return new CameraSpec(id, "Camera " + id, "rtsp://10.20.1.5/" + id, "admin", "Geheim-1", "Axis", "P1", location,
                "toezicht", "avg-building-security", retention, true, Transport.tcp, PipelineMode.passthrough, null,
                List.of(), null);
    }

    private static ImportPlan.RowPlan create(RegisterEntry e) {
        return ImportPlan.compare(2, null, e);
    }

    private static RegisterEntry full(String key) {
        return RegisterEntry.builder().set(RegisterField.KEY, key).set(RegisterField.LOCATION, "Café De Poort, Neude 11")
                .set(RegisterField.LATITUDE, new BigDecimal("52.0907")).set(RegisterField.LONGITUDE, new BigDecimal("5.1214"))
                .set(RegisterField.DESCRIPTION, "Terras\nen ingang").set(RegisterField.LEGAL_REGIME, "gemeentewet-151c")
                .set(RegisterField.CLOSED_NETWORK, false).set(RegisterField.INSTALLED_ON, LocalDate.of(2021, 3, 15))
                .set(RegisterField.RETENTION_DAYS, 14).set(RegisterField.PUBLIC, true)
                .set(RegisterField.RTSP_URL, "rtsp://10.20.1.9/stream").build();
    }

    @Test
    void everyValueKindIsStoredAsItWasAndAPlanIsWrittenWholeOrNotAtAll() {
        RegisterEntry a = full("A-1");
        assertEquals(1, index.register().apply(List.of(create(a))));
        RegisterRow stored = index.register().findByKey("A-1").orElseThrow();
        assertEquals(a, stored.entry());
        assertNull(stored.cameraId());

        // The second row's "before" is not what the register holds: the first row is not written either.
        RegisterEntry b = full("B-1");
        ImportPlan.RowPlan stale = ImportPlan.compare(3, full("C-1"), full("C-1").toBuilder().set(RegisterField.PUBLIC, false).build());
        assertThrows(RegisterConflictException.class, () -> index.register().apply(List.of(create(b), stale)));
        assertTrue(index.register().findByKey("B-1").isEmpty());
        assertEquals(1, index.register().list().size());
    }

    @Test
    void aCameraBringsItsEntryAndLeavesItToConnectWithWhatItKept() throws Exception {
        index.cameras().insert(camera("c1", null, 21));
        RegisterRow row = index.register().findByCamera("c1").orElseThrow();
        assertEquals("c1", row.entry().key());
        assertEquals(PipelineMode.passthrough, row.mode());
        assertTrue(row.recording());
        assertEquals("Axis", row.entry().vendor());
        assertEquals(21, row.entry().retentionDays());

        index.cameras().delete("c1");
        RegisterEntry kept = index.register().findByKey("c1").orElseThrow().entry();
        assertEquals("Camera c1", kept.location(), "the name, as it had no location");
        assertEquals("Axis", kept.vendor());
        assertEquals(21, kept.retentionDays());
        assertEquals("rtsp://10.20.1.5/c1", kept.rtspUrl());
        assertEquals("avg-building-security", kept.legalRegime());

        index.cameras().insert(camera("c1", "Neude", 7));
        assertEquals("camera:c1", index.register().findByCamera("c1").orElseThrow().entry().key());
        assertEquals(2, index.register().list().size());
    }

    @Test
    void aConnectedEntrysCameraFieldsAreWrittenToTheCameraOnly() throws Exception {
        index.cameras().insert(camera("c2", "Neude", 14));
        RegisterRow row = index.register().findByCamera("c2").orElseThrow();
        RegisterEntry changed = row.entry().toBuilder().set(RegisterField.LOCATION, "Vredenburg")
                .set(RegisterField.RETENTION_DAYS, 7).set(RegisterField.FIRMWARE, "V5.7.3").build();
        assertEquals(1, index.register().apply(List.of(ImportPlan.compare(0, row.entry(), changed))));
        CameraSpec camera = index.cameras().find("c2").orElseThrow();
        assertEquals("Vredenburg", camera.location());
        assertEquals(7, camera.retentionDays());
        assertEquals("Geheim-1", camera.password(), "credentials untouched");
        assertEquals(changed, index.register().findByCamera("c2").orElseThrow().entry());
        assertEquals(0, dbs.number("index", "SELECT COUNT(*) FROM register_entry WHERE camera_id = 'c2'"
                + " AND (location IS NOT NULL OR retention_days IS NOT NULL OR rtsp_url IS NOT NULL)"), "stored once");
        assertEquals(1, dbs.number("index", "SELECT COUNT(*) FROM register_entry WHERE camera_id = 'c2'"
                + " AND firmware = 'V5.7.3'"));
    }

    @Test
    void connectingGivesTheEntryTheCameraAndTheCamerasOwnEntryGoes() throws Exception {
        index.register().apply(List.of(create(full("E-1"))));
        long id = index.register().findByKey("E-1").orElseThrow().id();
        index.cameras().insert(camera("c3", "Markt 1", 14));
        assertEquals(2, index.register().list().size());
        index.register().connect(id, "c3");
        RegisterRow connected = index.register().findByCamera("c3").orElseThrow();
        assertEquals(id, connected.id());
        assertEquals("Markt 1", connected.entry().location(), "the camera's now");
        assertEquals("Terras\nen ingang", connected.entry().description(), "the entry's own");
        assertEquals(1, index.register().list().size());
        assertEquals("entry 'E-1' is connected to camera 'c3'; remove the camera first", assertThrows(
                RegisterConflictException.class, () -> index.register().delete(id, connected.entry())).getMessage());
    }

    @Test
    void theNewestFootageOfTheCameraIsJoinedIn() {
        index.cameras().insert(camera("c4", "Neude", 14));
        assertNull(index.register().findByCamera("c4").orElseThrow().lastRecorded());
        long first = index.segments().openSegment("c4", "s1", 1_000, "c4/a.mp4", "h264", 640, 360);
        index.segments().completeSegment(first, 10, 5_000, List.of());
        long second = index.segments().openSegment("c4", "s1", 6_000, "c4/b.mp4", "h264", 640, 360);
        index.segments().completeSegment(second, 10, 9_000, List.of());
        assertEquals(Instant.ofEpochMilli(9_000), index.register().findByCamera("c4").orElseThrow().lastRecorded());
    }
}
