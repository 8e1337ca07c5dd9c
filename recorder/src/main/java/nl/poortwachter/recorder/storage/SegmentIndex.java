package nl.poortwachter.recorder.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The index of recorded segments and their seek points: what the segment writer and recovery write, and what
 * playback and export read. Schema: docs/index-schema.md.
 */
public interface SegmentIndex {

    /** How a regime that is not known (footage indexed from files of a camera never seen) is named. */
    String UNKNOWN_REGIME = "unknown";

    /**
     * Durable when it returns: a file is created only after its row exists. The row takes the legal regime its camera
     * has now: the regime the footage is recorded under, which stays with it (docs/decisions.md D47).
     */
    long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width, int height);

    /** Queued and committed in groups; a crash may lose the last ones, which recovery rebuilds from the file. */
    void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis);

    /** Replaces the segment's seek points with {@code points} and marks it complete, in one transaction. */
    void completeSegment(long segmentId, long bytes, long endMillis, List<SeekPoint> points);

    void deleteSegment(long segmentId);

    /**
     * The legal regimes footage of the camera in the range was recorded under ({@link #UNKNOWN_REGIME} for footage
     * whose regime is not known); empty when there is no footage in the range.
     */
    Set<String> regimes(String cameraId, long fromMillis, long toMillis);

    /** The regime one segment of the camera was recorded under ({@link #UNKNOWN_REGIME} if not known); empty if none. */
    Optional<String> regimeOf(String cameraId, long segmentId);

    /** Segments overlapping the range, oldest first; not those a purge is deleting. */
    List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis);

    List<SegmentRecord> incompleteSegments();

    Optional<SegmentRecord> segmentByPath(String path);

    /** Empty also while a purge is deleting the segment. */
    Optional<SegmentRecord> segmentById(long id);

    List<SeekPoint> seekPoints(long segmentId);

    /** Seek points of several segments in one go (a playlist's worth), by segment id. */
    Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds);

    /** Waits until every queued seek point is committed. */
    void sync();
}
