package nl.poortwachter.recorder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.playback.FragmentSelection;
import nl.poortwachter.recorder.playback.InitCache;
import nl.poortwachter.recorder.retention.ArchiveRequestException;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.testing.MutableClock;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An export's own retention, restarts during an export, and requests refused before anything is stored; on both
 * dialects of the data layer.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class ExportRetentionTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @Parameter
    TestDatabases.Kind kind;

    private IndexDatabase openIndex(Path dir) {
        return IndexDatabase.open(kind.in(dir).connector("index", IndexDatabase.SQLITE), null);
    }

    @Test
    void anExpiredExportLosesItsFileKeepsItsRecordAndIsReported(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0);
        StorageLayout layout = new StorageLayout(dir.resolve("storage"));
        List<ExportRecord> heard = new ArrayList<>();
        ExportListener listener = new ExportListener() {
            @Override
            public void exportExpired(ExportRecord export) {
                heard.add(export);
            }
        };
        try (IndexDatabase index = openIndex(dir);
             Exporter exporter = new Exporter(index, layout, new FragmentSelection(index.segments(), layout,
                     new InitCache()), 7, () -> Long.MAX_VALUE, 0, () -> listener, clock)) {
            String id = "0123456789abcdef0123456789abcdef";
            index.exports().insertExport(new ExportRecord(id, "gate", T0.minusSeconds(60), T0, "me", "test", null, T0,
                    T0.plus(Duration.ofDays(7)), ExportState.pending, null, 0, null, null, null));
            Path mp4 = layout.root().resolve(Exporter.FOLDER).resolve(id + ".mp4");
            Files.createDirectories(mp4.getParent());
            Files.write(mp4, new byte[100]);
            index.exports().finishExport(id, ExportState.ready, layout.relative(mp4), 100, "ab", "{\"manifest\":{}}", null,
                    T0.toEpochMilli());
            assertTrue(exporter.file(id).isPresent());

            clock.advance(Duration.ofDays(6));
            exporter.expire();
            assertTrue(Files.exists(mp4), "kept for its retention");
            assertEquals(List.of(), exporter.unauditedExpiries(10), "nothing deleted, no entry owed");

            clock.advance(Duration.ofDays(1));
            exporter.expire();
            assertFalse(Files.exists(mp4), "deleted when it ends");
            assertEquals(ExportState.expired, exporter.export(id).orElseThrow().state());
            assertTrue(exporter.file(id).isEmpty());
            assertEquals("{\"manifest\":{}}", index.exports().manifest(id).orElseThrow(), "the record of what was handed out stays");
            assertEquals(List.of(id), heard.stream().map(ExportRecord::id).toList());

            // Its audit entry is owed until marked written, with when the copy went; only the first mark counts.
            assertEquals(List.of(new ExpiredExport(exporter.export(id).orElseThrow(), clock.instant())),
                    exporter.unauditedExpiries(10));
            assertTrue(exporter.markExpiryAudited(id));
            assertFalse(exporter.markExpiryAudited(id), "a second mark (a racing writer) does not count");
            assertEquals(List.of(), exporter.unauditedExpiries(10));
        }
    }

    @Test
    void aRestartFailsExportsThatWereBeingMade(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0);
        StorageLayout layout = new StorageLayout(dir.resolve("storage"));
        try (IndexDatabase index = openIndex(dir);
             Exporter exporter = new Exporter(index, layout, new FragmentSelection(index.segments(), layout,
                     new InitCache()), 7, () -> Long.MAX_VALUE, 0, () -> new ExportListener() { }, clock)) {
            String id = "fedcba9876543210fedcba9876543210";
            index.exports().insertExport(new ExportRecord(id, "gate", T0.minusSeconds(60), T0, "me", "test", null, T0,
                    T0.plus(Duration.ofDays(7)), ExportState.pending, null, 0, null, null, null));
            Path part = layout.root().resolve(Exporter.FOLDER).resolve(id + ".mp4.part");
            Files.createDirectories(part.getParent());
            Files.write(part, new byte[10]);
            exporter.failInterrupted();
            ExportRecord e = exporter.export(id).orElseThrow();
            assertEquals(ExportState.failed, e.state());
            assertEquals("interrupted by a restart", e.error());
            assertFalse(Files.exists(part));
            // Bad requests change nothing.
            assertEquals("purpose", assertThrows(ArchiveRequestException.class, () -> exporter.request(
                    new ExportRequest("gate", T0, T0.plusSeconds(5), "me", " ", null))).field());
            assertEquals("to", assertThrows(ArchiveRequestException.class, () -> exporter.request(
                    new ExportRequest("gate", T0, T0.plus(Duration.ofHours(25)), "me", "x", null))).field());
            assertEquals("from", assertThrows(ArchiveRequestException.class, () -> exporter.request(
                    new ExportRequest("gate", T0, T0.plusSeconds(5), "me", "no footage here", null))).field());
            assertEquals(1, exporter.exports(null, 10).size());
            assertTrue(exporter.export("../../etc").isEmpty());
        }
    }
}
