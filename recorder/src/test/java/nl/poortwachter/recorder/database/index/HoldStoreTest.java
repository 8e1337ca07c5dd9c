package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.retention.HoldStore;
import nl.poortwachter.recorder.retention.LegalHold;
import org.junit.jupiter.api.Test;

/**
 * The legal-hold table's contract: ids handed out in order and never reused, a hold comes back as stored, released
 * once (never deleted), listed newest first, "active" meaning not released and not expired.
 */
class HoldStoreTest extends FreshIndex {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private HoldStore holds() {
        return index.holds();
    }

    private LegalHold hold(String camera, Instant created, Duration lasts) {
        long id = holds().nextHoldId();
        return new LegalHold(id, camera, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)),
                "Aangifte " + id, "piet", "PL-" + id, created, created.plus(lasts), null, null, null);
    }

    @Test
    void aHoldComesBackAsStoredAndIdsAreHandedOutInOrder() {
        assertEquals(1, holds().nextHoldId());
        LegalHold h = hold("markt", NOW, Duration.ofDays(30));
        assertEquals(h, holds().insertHold(h));
        assertEquals(Optional.of(h), holds().hold(1));
        assertEquals(2, holds().nextHoldId());
        assertEquals(2, holds().nextHoldId(), "asking does not use an id up: inserting does");
        assertEquals(Optional.empty(), holds().hold(2));
    }

    @Test
    void anIdIsNeverUsedTwice() {
        LegalHold h = holds().insertHold(hold("markt", NOW, Duration.ofDays(30)));
        assertThrows(RuntimeException.class, () -> holds().insertHold(h));
        assertEquals(1, holds().holds(null, false, NOW.toEpochMilli()).size());
    }

    @Test
    void releasedOnceAndKept() {
        LegalHold h = holds().insertHold(hold("markt", NOW, Duration.ofDays(30)));
        Instant at = NOW.plusSeconds(60);
        assertTrue(holds().releaseHold(h.id(), "ada", "zaak gesloten", at.toEpochMilli()));
        assertEquals(Optional.of(h.released(at, "ada", "zaak gesloten")), holds().hold(h.id()));
        assertFalse(holds().releaseHold(h.id(), "eve", "nog eens", at.plusSeconds(1).toEpochMilli()), "released already");
        assertEquals("ada", holds().hold(h.id()).orElseThrow().releasedBy(), "the first release stays");
        assertFalse(holds().releaseHold(99, "ada", "onbekend", at.toEpochMilli()), "no such hold");
    }

    @Test
    void activeMeansNotReleasedAndNotExpiredNewestFirstPerCameraOrAll() {
        LegalHold old = holds().insertHold(hold("markt", NOW.minus(Duration.ofDays(40)), Duration.ofDays(30))); // expired
        LegalHold released = holds().insertHold(hold("markt", NOW.minus(Duration.ofDays(2)), Duration.ofDays(30)));
        LegalHold active = holds().insertHold(hold("markt", NOW.minus(Duration.ofDays(1)), Duration.ofDays(30)));
        LegalHold other = holds().insertHold(hold("hal", NOW.minus(Duration.ofHours(1)), Duration.ofDays(30)));
        LegalHold endsNow = holds().insertHold(hold("hal", NOW.minus(Duration.ofDays(30)), Duration.ofDays(30)));
        assertTrue(holds().releaseHold(released.id(), "ada", "klaar", NOW.toEpochMilli()));
        long now = NOW.toEpochMilli();
        assertEquals(List.of(active.id()), ids(holds().holds("markt", true, now)));
        assertEquals(List.of(active.id(), released.id(), old.id()), ids(holds().holds("markt", false, now)),
                "every hold of the camera, newest first");
        assertEquals(List.of(other.id(), active.id()), ids(holds().holds(null, true, now)),
                "all cameras; a hold expiring at this very moment is no longer active");
        assertEquals(List.of(other.id(), active.id(), released.id(), endsNow.id(), old.id()),
                ids(holds().holds(null, false, now)));
        assertEquals(List.of(), holds().holds("elders", false, now));
    }

    private static List<Long> ids(List<LegalHold> list) {
        return list.stream().map(LegalHold::id).toList();
    }
}
