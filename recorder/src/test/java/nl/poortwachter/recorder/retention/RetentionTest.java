package nl.poortwachter.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.StartupRecovery;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.testing.MutableClock;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retention on an index and files made by hand, with a clock the test moves: what is due goes (file and rows),
 * what is held or recent stays, every purge is recorded, and a crash between the deletion steps is finished
 * cleanly at start-up. On both dialects of the data layer (SQLite, PostgreSQL).
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class RetentionTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    static final Map<String, LegalRegime> REGIMES = Map.of(
            "avg-building-security", new LegalRegime("avg-building-security", "gebouwen", 28),
            "wegbeheer", new LegalRegime("wegbeheer", "wegen", 7));

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    TestDatabases dbs;
    MutableClock clock;
    IndexDatabase index;
    StorageLayout layout;
    RetentionService service;
    List<PurgeRecord> heard;
    AtomicLong free;
    List<String> stopped;

    @BeforeEach
    void open() {
        clock = new MutableClock(T0);
        layout = new StorageLayout(dir.resolve("storage"));
        dbs = kind.in(dir);
        index = openIndex();
        heard = new ArrayList<>();
        free = new AtomicLong(Long.MAX_VALUE / 4);
        stopped = new ArrayList<>();
        service = service(RetentionConfig.defaults());
    }

    RetentionService service(RetentionConfig config) {
        RecordingControl control = new RecordingControl() {
            @Override
            public boolean isRecording(String id) {
                return !stopped.contains(id);
            }

            @Override
            public void pause(String id) {
                stopped.add(id);
            }

            @Override
            public void resume(String id) {
                stopped.remove(id);
            }
        };
        RetentionService s = new RetentionService(index, layout, REGIMES, config, control, free::get, () -> { },
                new SimpleMeterRegistry(), clock);
        s.setListener(new RetentionListener() {
            @Override
            public void purged(PurgeRecord purge) {
                heard.add(purge);
            }
        });
        return s;
    }

    @AfterEach
    void close() {
        service.close();
        index.close();
    }

    /** A day's worth of one-minute segments is too many for a unit test: one segment per hour, each a small file. */
    List<Long> record(String camera, Instant from, int hours) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            long start = from.plus(Duration.ofHours(h)).toEpochMilli();
            Path file = layout.segmentFile(camera, start);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[1000 + h]);
            long id = index.segments().openSegment(camera, "s1", start, layout.relative(file), "h264", 640, 360);
            index.segments().completeSegment(id, 1000 + h, start + 60_000,
                    List.of(new SeekPoint(0, 500, 0, start, true), new SeekPoint(500, 500 + h, 90_000, start + 1000, true)));
            ids.add(id);
        }
        return ids;
    }

    void camera(String id, int days, String regime) {
        index.cameras().insert(new CameraSpec(id, "Camera " + id, "rtsp://127.0.0.1/x", null, null, null, null, null, null,
                regime, days, true, Transport.tcp));
    }

    IndexDatabase openIndex() {
        return IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null);
    }

    long rows(String sql) throws Exception {
        return dbs.number("index", sql);
    }

    long files(String camera) throws IOException {
        if (!Files.isDirectory(layout.cameraDir(camera))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(layout.cameraDir(camera))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void expiredFootageGoesFilesAndRowsHeldAndRecentFootageStays() throws Exception {
        camera("gate", 28, "avg-building-security");
        record("gate", T0, 48); // two days from T0
        clock.set(T0.plus(Duration.ofDays(29)).plusSeconds(60)); // the first day is past 28 days, the second not
        LegalHold hold = service.holds().create(new HoldRequest("gate", T0.plus(Duration.ofHours(3)),
                T0.plus(Duration.ofHours(5)), "incident 17", "officer@politie", "PL-2026-17", clock.instant().plus(Duration.ofDays(30))));

        List<PurgeRecord> purges = service.purgeNow();

        assertEquals(1, purges.size());
        PurgeRecord p = purges.get(0);
        // Hours 0..24 are due (their end is before the cutoff of T0 + 1 day + 1 minute); hours 3 and 4 overlap the hold
        // (hour 5 starts at the hold's end and is not held).
        assertEquals(25 - 2, p.files());
        assertEquals("retention", p.policy());
        assertEquals("done", p.state());
        assertTrue(p.detail().contains("28 days"), p.detail());
        assertEquals(T0, p.from());
        assertEquals(T0.plus(Duration.ofHours(24)).plusSeconds(60), p.to());
        long expectedBytes = 0;
        for (int h = 0; h <= 24; h++) {
            expectedBytes += h == 3 || h == 4 ? 0 : 1000 + h;
        }
        assertEquals(expectedBytes, p.bytes());
        assertEquals(List.of(p), heard, "the audit listener hears of the purge");
        assertEquals(48 - 23, rows("SELECT COUNT(*) FROM segment"));
        assertEquals(2 * (48 - 23), rows("SELECT COUNT(*) FROM seek_point"), "seek points go with their segment");
        assertEquals(48 - 23, files("gate"), "files and rows agree");
        assertEquals(0, rows("SELECT COUNT(*) FROM segment WHERE purge_id IS NOT NULL"));

        // Nothing more is due: a second run deletes nothing and records nothing.
        assertTrue(service.purgeNow().isEmpty());

        // Released, the held hours go on the next run.
        service.holds().release(hold.id(), "officer@politie", "case closed");
        List<PurgeRecord> after = service.purgeNow();
        assertEquals(2, after.get(0).files());
        assertEquals(48 - 25, files("gate"));

        // The purge log is the proof: both purges, newest first.
        List<PurgeRecord> log = service.purges("gate", T0, clock.instant().plusSeconds(1), 10);
        assertEquals(List.of(after.get(0).id(), p.id()), log.stream().map(PurgeRecord::id).toList());
    }

    @Test
    void anExpiredHoldNoLongerProtects() throws Exception {
        camera("gate", 7, "wegbeheer");
        record("gate", T0, 2);
        service.holds().create(new HoldRequest("gate", T0, T0.plus(Duration.ofHours(2)), "r", "me", null,
                T0.plus(Duration.ofDays(10))));
        clock.set(T0.plus(Duration.ofDays(8)));
        assertTrue(service.purgeNow().isEmpty(), "held");
        clock.set(T0.plus(Duration.ofDays(10)).plusSeconds(1));
        assertEquals(2, service.purgeNow().get(0).files());
    }

    @Test
    void theRegimeCapsTheCameraAndARemovedCameraKeepsItsLastRetention() throws Exception {
        camera("road", 7, "wegbeheer");
        camera("hall", 20, "avg-building-security");
        record("road", T0, 1);
        record("hall", T0, 1);
        record("unknown", T0, 1); // footage of a camera never configured (e.g. indexed from files)
        clock.set(T0.plus(Duration.ofDays(1)));
        assertTrue(service.purgeNow().isEmpty());
        index.cameras().delete("hall"); // removed: its footage keeps the 20 days it was promised
        clock.set(T0.plus(Duration.ofDays(8)));
        List<PurgeRecord> day8 = service.purgeNow();
        assertEquals(List.of("road"), day8.stream().map(PurgeRecord::cameraId).toList());
        clock.set(T0.plus(Duration.ofDays(21)));
        List<PurgeRecord> day21 = service.purgeNow();
        assertEquals(List.of("hall"), day21.stream().map(PurgeRecord::cameraId).toList());
        assertTrue(day21.get(0).detail().contains("removed camera"), day21.get(0).detail());
        clock.set(T0.plus(Duration.ofDays(29)));
        PurgeRecord unknown = service.purgeNow().get(0);
        assertEquals("unknown", unknown.cameraId());
        assertTrue(unknown.detail().contains("default"), unknown.detail());
    }

    @Test
    void holdsRefuseBadInputAndChangeNothing() {
        Instant exp = T0.plus(Duration.ofDays(1));
        assertEquals("to", field(() -> service.holds().create(new HoldRequest("gate", T0, null, "r", "me", null, exp))));
        assertEquals("from", field(() -> service.holds().create(new HoldRequest("gate", T0, T0, "r", "me", null, exp))));
        assertEquals("reason", field(() -> service.holds().create(new HoldRequest("gate", T0, exp, " ", "me", null, exp))));
        assertEquals("expiresAt", field(() -> service.holds().create(new HoldRequest("gate", T0, exp, "r", "me", null, T0))));
        assertEquals("cameraId", field(() -> service.holds().create(new HoldRequest("../x", T0, exp, "r", "me", null, exp))));
        assertEquals("reason", field(() -> service.holds().create(new HoldRequest("gate", T0, exp, "a\u0000b", "me", null, exp))));
        assertTrue(service.holds().list(null, false).isEmpty());
    }

    @Test
    void aHoldChangeItsApprovalRefusesIsNotStored() {
        Instant exp = T0.plus(Duration.ofDays(30));
        HoldRequest request = new HoldRequest("gate", T0, T0.plus(Duration.ofHours(1)), "incident 17", "officer", null, exp);
        List<LegalHold> offered = new ArrayList<>();
        RuntimeException refusal = new IllegalStateException("audit log unavailable");

        assertEquals(refusal, assertThrows(RuntimeException.class, () -> service.holds().create(request, h -> {
            offered.add(h);
            throw refusal;
        })));
        assertTrue(service.holds().list(null, false).isEmpty(), "a refused hold is not stored");

        LegalHold hold = service.holds().create(request, offered::add);
        assertEquals(offered.get(1), hold, "approved as it is stored, its id included");
        assertEquals(offered.get(0).id(), hold.id(), "the refused hold's id was not used up");

        assertThrows(IllegalStateException.class, () -> service.holds().release(hold.id(), "officer", "case closed",
                h -> {
                    offered.add(h);
                    throw refusal;
                }));
        assertEquals(hold, service.holds().hold(hold.id()).orElseThrow(), "a refused release leaves the hold active");
        assertEquals(clock.instant(), offered.get(2).releasedAt(), "offered as it would be released");

        LegalHold released = service.holds().release(hold.id(), "officer", "case closed", offered::add).orElseThrow();
        assertEquals(offered.get(3), released, "approved as it is stored");
        service.holds().release(hold.id(), "officer", "again", offered::add);
        assertEquals(4, offered.size(), "nothing to release, nothing to approve");
    }

    static String field(Runnable r) {
        return assertThrows(ArchiveRequestException.class, r::run).field();
    }

    @Test
    void aCrashAfterClaimingIsFinishedAtStartUp() throws Exception {
        crashAndRecover(new SegmentPurger.Steps() {
            @Override
            public void afterClaim(long purgeId) {
                throw new SimulatedCrash();
            }
        }, 10);
    }

    @Test
    void aCrashAfterDeletingTheFilesIsFinishedAtStartUp() throws Exception {
        crashAndRecover(new SegmentPurger.Steps() {
            @Override
            public void afterFilesDeleted(long purgeId) {
                throw new SimulatedCrash();
            }
        }, 0);
    }

    @Test
    void aCrashHalfwayThroughTheFilesIsFinishedAtStartUp() throws Exception {
        // Between two file deletions: what a kill -9 in the middle of step 2 leaves.
        camera("gate", 1, "avg-building-security");
        record("gate", T0, 10);
        clock.set(T0.plus(Duration.ofDays(3)));
        List<String> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(layout.cameraDir("gate"))) {
            s.filter(Files::isRegularFile).sorted().limit(4).forEach(p -> paths.add(p.toString()));
        }
        crashAndRecover(new SegmentPurger.Steps() {
            @Override
            public void afterClaim(long purgeId) {
                for (String p : paths) {
                    try {
                        Files.delete(Path.of(p));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                throw new SimulatedCrash();
            }
        }, 6);
    }

    private void crashAndRecover(SegmentPurger.Steps crash, long filesLeftBeforeRecovery) throws Exception {
        if (index.cameras().list().isEmpty()) {
            camera("gate", 1, "avg-building-security");
            record("gate", T0, 10);
            clock.set(T0.plus(Duration.ofDays(3)));
        }
        service.purger().setSteps(crash);
        assertThrows(SimulatedCrash.class, () -> service.purgeNow());
        assertEquals(filesLeftBeforeRecovery, files("gate"));
        assertEquals(10, rows("SELECT COUNT(*) FROM segment WHERE purge_id IS NOT NULL"), "rows stay claimed");
        assertEquals(1, rows("SELECT COUNT(*) FROM purge WHERE finished_ms IS NULL"), "the purge record exists before any file goes");
        assertEquals(0, index.segments().segments("gate", 0, Long.MAX_VALUE).size(), "claimed footage is no longer offered for playback");
        // "Restart": a new index on the same file, then start-up recovery.
        service.close();
        index.close();
        index = openIndex();
        StartupRecovery.Report report = StartupRecovery.run(layout, index, clock.instant());
        assertEquals(1, report.finishedPurges().size());
        assertEquals(0, files("gate"), "no file orphaned");
        assertEquals(0, rows("SELECT COUNT(*) FROM segment"), "no row left");
        assertEquals(0, rows("SELECT COUNT(*) FROM seek_point"));
        assertEquals(1, rows("SELECT COUNT(*) FROM purge WHERE state = 'completed-at-startup' AND files = 10 AND finished_ms IS NOT NULL"));
        assertEquals(1, rows("SELECT COUNT(*) FROM purge"));
        service = service(RetentionConfig.defaults());
        assertTrue(service.purgeNow().isEmpty(), "nothing left to do");
    }

    @Test
    void aFinishedPurgeOwesItsAuditEntryUntilMarkedAndOnlyTheFirstMarkCounts() throws Exception {
        camera("gate", 1, "avg-building-security");
        record("gate", T0, 10);
        clock.set(T0.plus(Duration.ofDays(3)));
        PurgeRecord purge = service.purgeNow().get(0);

        assertEquals(List.of(purge.id()), service.unauditedPurges(10).stream().map(PurgeRecord::id).toList());
        assertTrue(service.markPurgeAudited(purge.id()));
        assertFalse(service.markPurgeAudited(purge.id()), "a second mark (a racing writer) does not count");
        assertEquals(List.of(), service.unauditedPurges(10));
        assertFalse(service.markPurgeAudited(purge.id() + 1), "no such purge");
    }

    @Test
    void aPurgeACrashInterruptedOwesItsEntryOnlyOnceStartUpFinishedIt() throws Exception {
        camera("gate", 1, "avg-building-security");
        record("gate", T0, 10);
        clock.set(T0.plus(Duration.ofDays(3)));
        service.purger().setSteps(new SegmentPurger.Steps() {
            @Override
            public void afterClaim(long purgeId) {
                throw new SimulatedCrash();
            }
        });
        assertThrows(SimulatedCrash.class, () -> service.purgeNow());
        assertEquals(List.of(), service.unauditedPurges(10), "unfinished: nothing to report yet");
        long running = rows("SELECT id FROM purge");
        assertFalse(service.markPurgeAudited(running), "an unfinished purge cannot be marked audited");

        service.close();
        index.close();
        index = openIndex();
        StartupRecovery.run(layout, index, clock.instant());
        service = service(RetentionConfig.defaults());
        assertEquals(List.of("completed-at-startup"),
                service.unauditedPurges(10).stream().map(PurgeRecord::state).toList());
    }

    @Test
    void upgradingTheIndexCountsEarlierDeletionsAuditedAndOwesNothingForThem() throws Exception {
        camera("gate", 1, "avg-building-security");
        record("gate", T0, 10);
        clock.set(T0.plus(Duration.ofDays(3)));
        service.purgeNow();
        service.close();
        index.close();
        // Back to schema version 3, as an index written before the audit markers existed, with an expired export.
        try (Connection c = dbs.raw("index"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE camera_sub_stream");                             // sub-streams
            s.execute("DROP TABLE camera_session");                                // session time
            s.execute("ALTER TABLE segment DROP COLUMN media_start");
            s.execute("ALTER TABLE segment DROP COLUMN media_end");
            s.execute("ALTER TABLE camera_credential DROP COLUMN password_sealed"); // sealed credentials
            s.execute("ALTER TABLE segment DROP COLUMN legal_regime");            // footage regimes
            s.execute("DROP TABLE camera_lease");
            s.execute("DROP TABLE cluster_node");
            s.execute("DROP INDEX segment_node_incomplete");
            s.execute("ALTER TABLE purge DROP COLUMN node_id");
            s.execute("ALTER TABLE export DROP COLUMN node_id");
            s.execute("ALTER TABLE segment DROP COLUMN node_id");
            s.execute("ALTER TABLE segment DROP COLUMN lease_token");
            s.execute("DROP INDEX purge_unaudited");
            s.execute("ALTER TABLE purge DROP COLUMN audited_ms");
            s.execute("DROP INDEX export_expiry_unaudited");
            s.execute("ALTER TABLE export DROP COLUMN expired_ms");
            s.execute("ALTER TABLE export DROP COLUMN expiry_audited_ms");
            s.execute("INSERT INTO export(id, camera_id, from_ms, to_ms, exporter, purpose, created_ms, expires_ms, "
                    + "state) VALUES ('e1', 'gate', 0, 1, 'me', 'test', 0, 5, 'expired')");
            s.execute("DROP TABLE storage_binding");
            s.execute("DROP TABLE register_entry");
            index.dialect().setSchemaVersion(c, 3);
        }

        index = openIndex();
        service = service(RetentionConfig.defaults());
        try (Connection c = dbs.raw("index")) {
            assertEquals(IndexDatabase.SCHEMA.version(), index.dialect().schemaVersion(c));
        }
        // Their entries were queued when they happened, before the upgrade: no second entry for each.
        assertEquals(List.of(), service.unauditedPurges(10));
        assertEquals(1, rows("SELECT COUNT(*) FROM purge WHERE audited_ms = finished_ms"));
        assertEquals(List.of(), index.exports().unauditedExpiries(10));
        assertEquals(1, rows("SELECT COUNT(*) FROM export WHERE expiry_audited_ms = expires_ms"));
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    @Test
    void theReserveDeletesTheOldestFootageNotOnHoldAcrossCameras() throws Exception {
        camera("a", 28, "avg-building-security");
        camera("b", 28, "avg-building-security");
        record("a", T0, 5);
        record("b", T0.plus(Duration.ofMinutes(30)), 5);
        service.holds().create(new HoldRequest("a", T0, T0.plus(Duration.ofMinutes(10)), "r", "me", null, T0.plus(Duration.ofDays(5))));
        service.close();
        // Free space is what the test says; each deleted file "frees" 100 MiB.
        long mib = 1024 * 1024;
        free.set(450 * mib);
        service = new RetentionService(index, layout, REGIMES, RetentionConfig.defaults().withReserve(500 * mib, 200 * mib,
                ReservePolicy.DELETE_OLDEST, List.of()), RecordingControl.NONE, () -> free.get() + (10 - countRows()) * 100 * mib,
                () -> { }, new SimpleMeterRegistry(), clock);
        ReserveStatus s = service.checkReserveNow();
        assertTrue(s.alarm());
        // 450 MiB free < 500 floor: delete until 700: three files, oldest first, skipping a's held first hour.
        List<PurgeRecord> purges = service.purges(null, T0, clock.instant().plusSeconds(1), 10);
        assertEquals(3, purges.stream().mapToLong(PurgeRecord::files).sum());
        assertTrue(purges.stream().allMatch(p -> p.policy().equals("reserve")));
        assertEquals(4, files("a")); // a lost hour 1 (hour 0 is held)
        assertEquals(3, files("b")); // b lost its two oldest (T0+30m, T0+1h30m)
        assertTrue(Files.exists(layout.segmentFile("a", T0.toEpochMilli())), "held footage stays");
        // Above floor + margin the alarm clears.
        ReserveStatus later = service.checkReserveNow();
        assertFalse(later.alarm(), later.toString());
    }

    private long countRows() {
        try {
            return rows("SELECT COUNT(*) FROM segment");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReserveStopsTheLowestPriorityCamerasAndResumesThem() {
        service.close();
        long mib = 1024 * 1024;
        free.set(100 * mib);
        service = service(RetentionConfig.defaults().withReserve(500 * mib, 100 * mib, ReservePolicy.STOP_CAMERAS,
                List.of("parking", "hall")));
        assertTrue(service.checkReserveNow().alarm());
        assertEquals(List.of("parking"), stopped);
        service.checkReserveNow();
        assertEquals(List.of("parking", "hall"), stopped);
        ReserveStatus s = service.checkReserveNow();
        assertEquals(List.of("parking", "hall"), s.pausedCameras());
        free.set(550 * mib); // above the floor, not above floor + margin: stay stopped
        assertTrue(service.checkReserveNow().alarm());
        free.set(700 * mib);
        ReserveStatus cleared = service.checkReserveNow();
        assertFalse(cleared.alarm());
        assertTrue(stopped.isEmpty(), "resumed");
    }
}
