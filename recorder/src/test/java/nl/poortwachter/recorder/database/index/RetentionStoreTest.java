package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import nl.poortwachter.recorder.retention.ClaimedSegment;
import nl.poortwachter.recorder.retention.DeletableSegment;
import nl.poortwachter.recorder.retention.LegalHold;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.RememberedRetention;
import nl.poortwachter.recorder.retention.RetentionStore;
import nl.poortwachter.recorder.retention.RetentionStore.Claim;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentIndex;
import org.junit.jupiter.api.Test;

/**
 * The deletion tables' contract (docs/index-schema.md, "Deletion order"): what is deletable (complete, ended by the
 * cutoff, not claimed, not under an active hold), claiming into a purge record that counts what it claimed, giving a
 * claim back, dropping the claimed rows, finishing, and the purge's audit mark set once.
 */
class RetentionStoreTest extends FreshIndex {
    private static final long T = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long NOW = T + Duration.ofDays(40).toMillis();
    private SegmentIndex segments() {
        return index.segments();
    }

    private RetentionStore retention() {
        return index.retention();
    }

    /** A complete one-minute segment starting {@code minute} minutes after T, of {@code 100 + minute} bytes. */
    private long segment(String camera, int minute) {
        long start = T + minute * MINUTE;
        long id = segments().openSegment(camera, "s", start, camera + "/" + start + ".mp4", "h264", 640, 360);
        segments().completeSegment(id, 100 + minute, start + MINUTE, List.of(new SeekPoint(0, 100, 0, start, true)));
        return id;
    }

    private void hold(String camera, long from, long to, long expires) {
        long id = index.holds().nextHoldId();
        index.holds().insertHold(new LegalHold(id, camera, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), "zaak",
                "piet", null, Instant.ofEpochMilli(T), Instant.ofEpochMilli(expires), null, null, null));
    }

    private static PurgeRecord start(String camera) {
        return new PurgeRecord(0, camera, null, null, 0, 0, "retention", "retention 28 days",
                Instant.ofEpochMilli(T + 10 * MINUTE), Instant.ofEpochMilli(NOW), null, null);
    }

    private static List<Long> ids(List<DeletableSegment> list) {
        return list.stream().map(DeletableSegment::id).toList();
    }

    @Test
    void deletableIsCompleteEndedByTheCutoffUnclaimedAndUnheldOldestFirst() {
        long m2 = segment("gate", 2);
        long m0 = segment("gate", 0);
        long m1 = segment("gate", 1);
        long m5 = segment("gate", 5);
        segment("hal", 0);
        segments().openSegment("gate", "s", T - MINUTE, "gate/open.mp4", "h264", 640, 360); // still being written
        DeletableSegment first = new DeletableSegment(m0, "gate", "gate/" + T + ".mp4", 100, T, T + MINUTE);
        assertEquals(first, retention().deletable("gate", T + 3 * MINUTE, NOW, 10).get(0));
        assertEquals(List.of(m0, m1, m2), ids(retention().deletable("gate", T + 3 * MINUTE, NOW, 10)));
        assertEquals(List.of(m0, m1), ids(retention().deletable("gate", T + 3 * MINUTE - 1, NOW, 10)),
                "a segment that ends after the cutoff stays, even if it started before");
        assertEquals(List.of(m0), ids(retention().deletable("gate", T + 3 * MINUTE, NOW, 1)));
        assertEquals(List.of(m0, m1, m2, m5), ids(retention().deletable("gate", Long.MAX_VALUE, NOW, 10)));
        assertEquals(OptionalLong.of(T), retention().oldestDeletableStart("gate", NOW));
        assertEquals(OptionalLong.empty(), retention().oldestDeletableStart("elders", NOW));
    }

    @Test
    void anActiveHoldOnTheCameraProtectsWhatItOverlaps() {
        long m0 = segment("gate", 0);
        long m1 = segment("gate", 1);
        long m2 = segment("gate", 2);
        long m3 = segment("gate", 3);
        hold("gate", T + MINUTE + 1, T + MINUTE + 2, NOW + 1); // inside m1
        hold("gate", T + 3 * MINUTE, T + 4 * MINUTE, NOW); // covers m3 but expires now
        hold("hal", T, T + 10 * MINUTE, NOW + 1); // another camera's
        long released = index.holds().nextHoldId();
        hold("gate", T + 2 * MINUTE, T + 3 * MINUTE, NOW + 1); // covers m2 but is released
        assertTrue(index.holds().releaseHold(released, "ada", "klaar", NOW));
        hold("gate", T - MINUTE, T, NOW + 1); // ends where m0 starts: touches, does not overlap
        assertEquals(List.of(m0, m2, m3), ids(retention().deletable("gate", Long.MAX_VALUE, NOW, 10)));
        assertEquals(List.of(m0, m1, m2, m3), ids(retention().deletable("gate", Long.MAX_VALUE, NOW + Duration.ofDays(999).toMillis(), 10)),
                "once the holds have expired");
    }

    @Test
    void aClaimMakesOnePurgeRecordThatCountsWhatItClaimed() {
        long m0 = segment("gate", 0);
        long m1 = segment("gate", 1);
        List<DeletableSegment> candidates = retention().deletable("gate", Long.MAX_VALUE, NOW, 10);
        Claim claim = retention().claim(0, start("gate"), candidates, NOW);
        assertTrue(claim.purgeId() > 0);
        assertEquals(candidates, claim.claimed());
        PurgeRecord p = retention().purge(claim.purgeId()).orElseThrow();
        assertEquals(new PurgeRecord(claim.purgeId(), "gate", Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 2 * MINUTE),
                2, 201, "retention", "retention 28 days", Instant.ofEpochMilli(T + 10 * MINUTE), Instant.ofEpochMilli(NOW),
                null, "running"), p);
        // Claimed rows are out of sight of playback, and listed for a restart to finish.
        assertEquals(List.of(), segments().segments("gate", T, T + 10 * MINUTE));
        assertEquals(Optional.empty(), segments().segmentById(m0));
        assertEquals(List.of(new ClaimedSegment(claim.purgeId(), m0, "gate/" + T + ".mp4"),
                new ClaimedSegment(claim.purgeId(), m1, "gate/" + (T + MINUTE) + ".mp4")), retention().claimedSegments());
        assertEquals(List.of(), retention().deletable("gate", Long.MAX_VALUE, NOW, 10), "not claimed twice");
        assertEquals(List.of(claim.purgeId()), retention().unfinishedPurges());
    }

    @Test
    void aClaimAddsToItsPurgeAndSkipsWhatAHoldNowCoversOrAnotherClaimTook() {
        segment("gate", 0);
        long m1 = segment("gate", 1);
        long m2 = segment("gate", 2);
        List<DeletableSegment> all = retention().deletable("gate", Long.MAX_VALUE, NOW, 10);
        Claim first = retention().claim(0, start("gate"), all.subList(0, 1), NOW);
        hold("gate", T + MINUTE, T + MINUTE + 1, NOW + 1); // a hold on m1 made after the candidates were read
        Claim more = retention().claim(first.purgeId(), start("gate"), all, NOW);
        assertEquals(first.purgeId(), more.purgeId());
        assertEquals(List.of(m2), ids(more.claimed()), "m0 was claimed already, m1 is held now");
        PurgeRecord p = retention().purge(first.purgeId()).orElseThrow();
        assertEquals(2, p.files());
        assertEquals(100 + 102, p.bytes());
        assertEquals(Instant.ofEpochMilli(T), p.from());
        assertEquals(Instant.ofEpochMilli(T + 3 * MINUTE), p.to());
        assertTrue(segments().segmentById(m1).isPresent(), "the held segment stays");
    }

    @Test
    void aClaimOfNothingLeavesNoPurgeRecord() {
        segment("gate", 0);
        List<DeletableSegment> all = retention().deletable("gate", Long.MAX_VALUE, NOW, 10);
        hold("gate", T, T + MINUTE, NOW + 1);
        assertEquals(new Claim(0, List.of()), retention().claim(0, start("gate"), all, NOW));
        assertEquals(List.of(), retention().purges(null, 0, Long.MAX_VALUE, 10));
    }

    @Test
    void aClaimGivenBackIsUncountedAndOnlyItsOwnPurgeCanGiveItBack() {
        long m0 = segment("gate", 0);
        segment("gate", 1);
        segment("hal", 0);
        Claim earlier = retention().claim(0, start("hal"), retention().deletable("hal", Long.MAX_VALUE, NOW, 10), NOW);
        List<DeletableSegment> all = retention().deletable("gate", Long.MAX_VALUE, NOW, 10);
        Claim claim = retention().claim(0, start("gate"), all, NOW);
        for (long other : List.of(earlier.purgeId(), claim.purgeId() + 1)) {
            retention().unclaim(other, all.get(0));
            assertEquals(2, retention().purge(claim.purgeId()).orElseThrow().files(), "purge " + other + " cannot give it back");
            assertEquals(Optional.empty(), segments().segmentById(m0));
        }
        retention().unclaim(claim.purgeId(), all.get(0));
        retention().unclaim(claim.purgeId(), all.get(0)); // twice: counted once
        PurgeRecord p = retention().purge(claim.purgeId()).orElseThrow();
        assertEquals(1, p.files());
        assertEquals(101, p.bytes());
        assertTrue(segments().segmentById(m0).isPresent(), "back in sight");
        assertEquals(List.of(m0), ids(retention().deletable("gate", Long.MAX_VALUE, NOW, 10)));
    }

    @Test
    void droppingTheClaimedRowsAndFinishing() {
        long m0 = segment("gate", 0);
        long other = segment("hal", 0);
        Claim claim = retention().claim(0, start("gate"), retention().deletable("gate", Long.MAX_VALUE, NOW, 10), NOW);
        retention().dropClaimed(claim.purgeId());
        assertEquals(List.of(), retention().claimedSegments());
        assertEquals(List.of(), segments().seekPoints(m0), "the seek points go with their segment");
        assertTrue(segments().segmentById(other).isPresent(), "only the claimed rows");
        assertEquals(List.of("hal"), retention().camerasWithFootage());
        PurgeRecord done = retention().finishPurge(claim.purgeId(), NOW + 5, "done");
        assertEquals(Instant.ofEpochMilli(NOW + 5), done.finishedAt());
        assertEquals("done", done.state());
        assertEquals(1, done.files(), "the record of what was deleted stays");
        assertEquals(List.of(), retention().unfinishedPurges());
    }

    @Test
    void purgesAreListedNewestFirstByWhenTheyStarted() {
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            segment(i == 1 ? "hal" : "gate", i);
            PurgeRecord s = new PurgeRecord(0, i == 1 ? "hal" : "gate", null, null, 0, 0, "reserve", "vrije ruimte", null,
                    Instant.ofEpochMilli(NOW + i * MINUTE), null, null);
            ids[i] = retention().claim(0, s, retention().deletable(s.cameraId(), Long.MAX_VALUE, NOW, 10), NOW).purgeId();
        }
        assertEquals(List.of(ids[2], ids[1], ids[0]), purgeIds(retention().purges(null, 0, Long.MAX_VALUE, 10)));
        assertEquals(List.of(ids[2], ids[0]), purgeIds(retention().purges("gate", 0, Long.MAX_VALUE, 10)));
        assertEquals(List.of(ids[1]), purgeIds(retention().purges(null, NOW + MINUTE, NOW + 2 * MINUTE, 10)),
                "from inclusive, to exclusive");
        assertEquals(List.of(ids[2]), purgeIds(retention().purges(null, 0, Long.MAX_VALUE, 1)));
        assertEquals(null, retention().purge(ids[0]).orElseThrow().cutoff(), "the reserve has no cutoff");
    }

    @Test
    void aFinishedPurgeOwesItsAuditEntryUntilMarkedOnce() {
        segment("gate", 0);
        segment("gate", 1);
        Claim a = retention().claim(0, start("gate"), retention().deletable("gate", T + MINUTE, NOW, 10), NOW);
        Claim b = retention().claim(0, start("gate"), retention().deletable("gate", Long.MAX_VALUE, NOW, 10), NOW);
        assertEquals(List.of(), retention().unauditedPurges(10), "a running purge owes nothing yet");
        assertFalse(retention().markPurgeAudited(a.purgeId(), NOW), "unfinished");
        retention().finishPurge(b.purgeId(), NOW, "done");
        retention().finishPurge(a.purgeId(), NOW, "done");
        assertEquals(List.of(a.purgeId(), b.purgeId()), purgeIds(retention().unauditedPurges(10)), "oldest first");
        assertEquals(List.of(a.purgeId()), purgeIds(retention().unauditedPurges(1)));
        assertTrue(retention().markPurgeAudited(a.purgeId(), NOW));
        assertFalse(retention().markPurgeAudited(a.purgeId(), NOW), "of two callers only one counts");
        assertFalse(retention().markPurgeAudited(999, NOW));
        assertEquals(List.of(b.purgeId()), purgeIds(retention().unauditedPurges(10)));
    }

    @Test
    void rememberedRetentionIsTheLastOneEachCameraHad() {
        retention().rememberRetention(List.of(new RememberedRetention("gate", 28, "gemeentewet-151c"),
                new RememberedRetention("hal", 7, null)), NOW);
        retention().rememberRetention(List.of(new RememberedRetention("gate", 14, "gemeentewet-151c"),
                new RememberedRetention("hal", 7, "avg-building-security")), NOW + 1);
        assertEquals(Map.of("gate", new RememberedRetention("gate", 14, "gemeentewet-151c"),
                "hal", new RememberedRetention("hal", 7, "avg-building-security")), retention().rememberedRetention());
        retention().rememberRetention(List.of(), NOW + 2);
        assertEquals(2, retention().rememberedRetention().size(), "a camera left out is still remembered");
    }

    @Test
    void camerasWithFootageAreEveryCameraWithASegmentRowOnceInOrder() {
        segment("zuid", 0);
        segment("gate", 0);
        segment("gate", 1);
        segments().openSegment("nieuw", "s", T, "nieuw/x.mp4", "h264", 640, 360);
        assertEquals(List.of("gate", "nieuw", "zuid"), retention().camerasWithFootage());
    }

    private static List<Long> purgeIds(List<PurgeRecord> list) {
        return list.stream().map(PurgeRecord::id).toList();
    }
}
