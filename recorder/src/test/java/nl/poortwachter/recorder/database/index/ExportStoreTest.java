package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.export.ExportStore;
import nl.poortwachter.recorder.export.ExpiredExport;
import org.junit.jupiter.api.Test;

/**
 * The export table's contract: pending → ready | failed → expired, the record and signed manifest outliving the
 * file, lists newest first, expiry by the export's own retention, and an expiry's audit mark set once.
 */
class ExportStoreTest extends FreshIndex {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private ExportStore exports() {
        return index.exports();
    }

    private static ExportRecord pending(String id, String camera, Instant created, Duration kept) {
        return new ExportRecord(id, camera, NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(50)), "piet",
                "aangifte", "PL-1", created, created.plus(kept), ExportState.pending, null, 0, null, null, null);
    }

    private static ExportRecord finished(ExportRecord p, ExportState state, String file, long bytes, String sha,
                                         String error, Instant at) {
        return new ExportRecord(p.id(), p.cameraId(), p.from(), p.to(), p.exporter(), p.purpose(), p.caseNumber(),
                p.createdAt(), p.expiresAt(), state, file, bytes, sha, error, at);
    }

    @Test
    void aPendingExportComesBackAsStoredAndIdsAreUnique() {
        ExportRecord p = pending("e1", "markt", NOW, Duration.ofDays(28));
        exports().insertExport(p);
        assertEquals(Optional.of(p), exports().export("e1"));
        assertEquals(List.of(p), exports().pendingExports());
        assertEquals(Optional.empty(), exports().manifest("e1"), "no manifest before it is ready");
        assertThrows(RuntimeException.class, () -> exports().insertExport(p));
        assertEquals(Optional.empty(), exports().export("e2"));
    }

    @Test
    void readyWithItsManifestOrFailedWithItsError() {
        ExportRecord a = pending("a", "markt", NOW, Duration.ofDays(28));
        ExportRecord b = pending("b", "markt", NOW, Duration.ofDays(28));
        exports().insertExport(a);
        exports().insertExport(b);
        Instant done = NOW.plusSeconds(5);
        exports().finishExport("a", ExportState.ready, "exports/a.mp4", 1234, "ab12", "{\"signed\":1}", null, done.toEpochMilli());
        exports().finishExport("b", ExportState.failed, null, 0, null, null, "no footage", done.toEpochMilli());
        assertEquals(Optional.of(finished(a, ExportState.ready, "exports/a.mp4", 1234, "ab12", null, done)), exports().export("a"));
        assertEquals(Optional.of("{\"signed\":1}"), exports().manifest("a"));
        assertEquals(Optional.of(finished(b, ExportState.failed, null, 0, null, "no footage", done)), exports().export("b"));
        assertEquals(Optional.empty(), exports().manifest("b"));
        assertEquals(List.of(), exports().pendingExports());
    }

    @Test
    void listsAreNewestFirstPerCameraOrAllAndLimited() {
        exports().insertExport(pending("old", "markt", NOW.minus(Duration.ofDays(2)), Duration.ofDays(28)));
        exports().insertExport(pending("new", "markt", NOW, Duration.ofDays(28)));
        exports().insertExport(pending("hal", "hal", NOW.minus(Duration.ofDays(1)), Duration.ofDays(28)));
        exports().insertExport(pending("also-new", "markt", NOW, Duration.ofDays(28)));
        assertEquals(List.of("also-new", "new", "old"), ids(exports().exports("markt", 10)), "same time: by id");
        assertEquals(List.of("also-new", "new", "hal", "old"), ids(exports().exports(null, 10)));
        assertEquals(List.of("also-new", "new"), ids(exports().exports(null, 2)));
        assertEquals(List.of(), exports().exports("elders", 10));
    }

    @Test
    void expiryTakesTheFileKeepsTheManifestAndOwesOneAuditEntry() {
        ExportRecord due = pending("due", "markt", NOW.minus(Duration.ofDays(30)), Duration.ofDays(28));
        ExportRecord failed = pending("failed", "markt", NOW.minus(Duration.ofDays(29)), Duration.ofDays(28));
        ExportRecord stillPending = pending("pending", "markt", NOW.minus(Duration.ofDays(40)), Duration.ofDays(28));
        ExportRecord notYet = pending("later", "markt", NOW.minus(Duration.ofDays(1)), Duration.ofDays(28));
        for (ExportRecord e : List.of(due, failed, stillPending, notYet)) {
            exports().insertExport(e);
        }
        long done = NOW.minus(Duration.ofDays(20)).toEpochMilli();
        exports().finishExport("due", ExportState.ready, "exports/due.mp4", 10, "aa", "{\"m\":1}", null, done);
        exports().finishExport("failed", ExportState.failed, null, 0, null, null, "broken", done);
        exports().finishExport("later", ExportState.ready, "exports/later.mp4", 10, "bb", "{\"m\":2}", null, done);
        assertEquals(List.of("due", "failed"), ids(exports().expiredExports(NOW.toEpochMilli(), 10)),
                "ready or failed, earliest expiry first; pending ones are not (a restart finishes them)");
        assertEquals(List.of("due"), ids(exports().expiredExports(NOW.toEpochMilli(), 1)));
        assertEquals(List.of("due"), ids(exports().expiredExports(due.expiresAt().toEpochMilli(), 10)),
                "due at its expiry itself");

        exports().markExpired("due", NOW.toEpochMilli());
        ExportRecord expired = exports().export("due").orElseThrow();
        assertEquals(ExportState.expired, expired.state());
        assertEquals(null, expired.file(), "the file is gone");
        assertEquals("aa", expired.sha256());
        assertEquals(Optional.of("{\"m\":1}"), exports().manifest("due"), "the record of what was handed out stays");
        assertEquals(List.of("failed"), ids(exports().expiredExports(NOW.toEpochMilli(), 10)), "expired once");

        assertEquals(List.of(new ExpiredExport(expired, NOW)), exports().unauditedExpiries(10));
        assertFalse(exports().markExpiryAudited("later", NOW.toEpochMilli()), "not expired");
        assertTrue(exports().markExpiryAudited("due", NOW.toEpochMilli()));
        assertFalse(exports().markExpiryAudited("due", NOW.toEpochMilli()), "only the first mark counts");
        assertFalse(exports().markExpiryAudited("nothing", NOW.toEpochMilli()));
        assertEquals(List.of(), exports().unauditedExpiries(10));
    }

    @Test
    void unauditedExpiriesComeEarliestFirst() {
        for (String id : List.of("x", "y", "z")) {
            exports().insertExport(pending(id, "markt", NOW.minus(Duration.ofDays(40)), Duration.ofDays(28)));
            exports().finishExport(id, ExportState.ready, "exports/" + id, 1, "cc", "{}", null, NOW.toEpochMilli());
        }
        exports().markExpired("z", NOW.toEpochMilli());
        exports().markExpired("x", NOW.plusSeconds(2).toEpochMilli());
        exports().markExpired("y", NOW.plusSeconds(1).toEpochMilli());
        assertEquals(List.of("z", "y", "x"), exports().unauditedExpiries(10).stream().map(e -> e.export().id()).toList());
        assertEquals(2, exports().unauditedExpiries(2).size());
    }

    private static List<String> ids(List<ExportRecord> list) {
        return list.stream().map(ExportRecord::id).toList();
    }
}
