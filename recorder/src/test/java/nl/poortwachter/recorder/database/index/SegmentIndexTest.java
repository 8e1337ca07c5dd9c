package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.SegmentRecord;
import org.junit.jupiter.api.Test;

/**
 * The segment and seek-point tables' contract, as the segment writer, recovery, playback and export rely on it: a
 * row exists when {@code openSegment} returns, seek points are committed by {@code sync}, completion replaces them,
 * ranges select by overlap in start order, and deleting a segment takes its seek points with it.
 */
class SegmentIndexTest extends FreshIndex {
    private static final long T = 1_780_000_000_000L;
    private SegmentIndex segments() {
        return index.segments();
    }

    private long open(String camera, long start) {
        return segments().openSegment(camera, "s1", start, camera + "/" + start + ".mp4", "h264", 640, 360);
    }

    private static SeekPoint point(long offset, long wall) {
        return new SeekPoint(offset, 1000, offset * 90, wall, offset == 0);
    }

    @Test
    void anOpenedSegmentIsThereAtOnceIncompleteAndEmpty() {
        long id = segments().openSegment("gate", "session-7", T, "gate/2026/05/28/x.mp4", "hevc", 1280, 720);
        SegmentRecord r = segments().segmentById(id).orElseThrow();
        assertEquals(new SegmentRecord(id, "gate", "session-7", T, T, "gate/2026/05/28/x.mp4", 0, "hevc", 1280, 720,
                false, 0, null), r, "no node: the embedded gateway");
        assertEquals(List.of(r), segments().incompleteSegments());
        assertEquals(Optional.of(r), segments().segmentByPath("gate/2026/05/28/x.mp4"));
        assertTrue(open("gate", T + 60_000) > id, "ids grow");
    }

    @Test
    void twoSegmentsCannotShareAFile() {
        open("gate", T);
        assertThrows(RuntimeException.class,
                () -> segments().openSegment("gate", "s2", T + 1, "gate/" + T + ".mp4", "h264", 640, 360));
    }

    @Test
    void seekPointsAreCommittedBySyncWithTheSegmentsBytesAndEndSoFar() {
        long id = open("gate", T);
        segments().appendSeekPoint(id, point(0, T), 1000, T + 1000);
        segments().appendSeekPoint(id, point(1000, T + 1000), 2000, T + 2000);
        segments().sync();
        assertEquals(List.of(point(0, T), point(1000, T + 1000)), segments().seekPoints(id));
        SegmentRecord r = segments().segmentById(id).orElseThrow();
        assertEquals(2000, r.bytes());
        assertEquals(T + 2000, r.endMillis());
        assertEquals(2, r.seekPoints());
        assertFalse(r.complete());
    }

    @Test
    void theSameOffsetAgainReplacesItsSeekPoint() {
        long id = open("gate", T);
        segments().appendSeekPoint(id, point(0, T), 1000, T + 1000);
        segments().sync();
        SeekPoint again = new SeekPoint(0, 1500, 7, T + 5, true);
        segments().appendSeekPoint(id, again, 1500, T + 1000);
        segments().sync();
        assertEquals(List.of(again), segments().seekPoints(id));
    }

    @Test
    void completionReplacesTheSeekPointsAndFixesBytesAndEnd() {
        long id = open("gate", T);
        segments().appendSeekPoint(id, point(0, T), 1000, T + 1000);
        segments().appendSeekPoint(id, point(1000, T + 1000), 2000, T + 2000); // still queued: completion comes after it
        List<SeekPoint> finalPoints = List.of(point(0, T), point(900, T + 900));
        segments().completeSegment(id, 1900, T + 1900, finalPoints);
        assertEquals(finalPoints, segments().seekPoints(id), "the queued point is not left beside the final ones");
        SegmentRecord r = segments().segmentById(id).orElseThrow();
        assertTrue(r.complete());
        assertEquals(1900, r.bytes());
        assertEquals(T + 1900, r.endMillis());
        assertEquals(List.of(), segments().incompleteSegments());
        // A late seek point (a writer racing its own completion) does not move a complete segment's bytes or end.
        segments().appendSeekPoint(id, point(1900, T + 1900), 2900, T + 2900);
        segments().sync();
        r = segments().segmentById(id).orElseThrow();
        assertEquals(1900, r.bytes());
        assertEquals(T + 1900, r.endMillis());
    }

    @Test
    void aRangeSelectsOverlappingSegmentsOfThatCameraInStartOrder() {
        long b = open("gate", T + 60_000);
        long a = open("gate", T);
        long c = open("gate", T + 120_000);
        open("hal", T + 30_000);
        for (long id : List.of(a, b, c)) {
            long start = segments().segmentById(id).orElseThrow().startMillis();
            segments().completeSegment(id, 100, start + 60_000, List.of());
        }
        assertEquals(List.of(a, b, c), ids(segments().segments("gate", T, T + 180_000)));
        assertEquals(List.of(a, b), ids(segments().segments("gate", T + 59_999, T + 60_001)), "both sides of a cut");
        assertEquals(List.of(b), ids(segments().segments("gate", T + 60_000, T + 120_000)),
                "bounds are exclusive: a segment ending at 'from' or starting at 'to' is outside");
        assertEquals(List.of(), ids(segments().segments("gate", T + 180_000, T + 240_000)));
        assertEquals(List.of(), ids(segments().segments("elders", T, T + 180_000)));
    }

    @Test
    void deletingASegmentTakesItsSeekPoints() {
        long id = open("gate", T);
        segments().appendSeekPoint(id, point(0, T), 1000, T + 1000); // queued: deletion must not leave it behind
        segments().deleteSegment(id);
        assertEquals(Optional.empty(), segments().segmentById(id));
        assertEquals(Optional.empty(), segments().segmentByPath("gate/" + T + ".mp4"));
        assertEquals(List.of(), segments().seekPoints(id));
        segments().sync();
        assertEquals(List.of(), segments().seekPoints(id));
    }

    @Test
    void seekPointsOfManySegmentsComeInOneMapByOffset() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) { // three chunks of at most 500
            long id = open("gate", T + i * 60_000L);
            segments().completeSegment(id, 3000, T + i * 60_000L + 60_000, List.of(point(2000, T), point(0, T), point(1000, T)));
            ids.add(id);
        }
        long empty = open("gate", T - 60_000);
        ids.add(empty);
        Map<Long, List<SeekPoint>> all = segments().seekPoints(ids);
        assertEquals(1_001, all.size(), "a segment without seek points has no entry");
        for (int i = 0; i < 1_001; i++) {
            assertEquals(List.of(point(0, T), point(1000, T), point(2000, T)), all.get(ids.get(i)), "segment " + i);
        }
        assertEquals(List.of(), segments().seekPoints(empty));
        assertEquals(Map.of(), segments().seekPoints(List.of()));
    }

    @Test
    void whatWasCommittedSurvivesReopening() {
        long id = open("gate", T);
        segments().appendSeekPoint(id, point(0, T), 1000, T + 1000);
        reopen(); // commits what is queued first
        assertEquals(List.of(point(0, T)), segments().seekPoints(id));
        assertEquals(List.of(id), ids(segments().incompleteSegments()), "recovery finds it still incomplete");
    }

    private static List<Long> ids(List<SegmentRecord> records) {
        return records.stream().map(SegmentRecord::id).toList();
    }
}
