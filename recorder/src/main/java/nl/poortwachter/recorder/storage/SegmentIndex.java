package nl.poortwachter.recorder.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The index of recorded segments and their seek points: what the segment writer and recovery write, and what
 * playback and export read. Schema: docs/index-schema.md.
 */
public interface SegmentIndex {

    /**
     * Durable when it returns: a file is created only after its row exists.
     *
     * @param timing the media time and session anchor that explain its times; null when unknown (older files)
     */
    long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width, int height,
                     SegmentTiming timing);

    default long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                             int height) {
        return openSegment(cameraId, sessionId, startMillis, path, codec, width, height, null);
    }

    /**
     * Queued and committed in groups; a crash may lose the last ones, which recovery rebuilds from the file.
     *
     * @param mediaEnd the session's media time at {@code endMillis}, or {@link Long#MIN_VALUE} if unknown
     */
    void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis, long mediaEnd);

    default void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis) {
        appendSeekPoint(segmentId, point, bytes, endMillis, Long.MIN_VALUE);
    }

    /** Replaces the segment's seek points with {@code points} and marks it complete, in one transaction. */
    void completeSegment(long segmentId, long bytes, long endMillis, long mediaEnd, List<SeekPoint> points);

    default void completeSegment(long segmentId, long bytes, long endMillis, List<SeekPoint> points) {
        completeSegment(segmentId, bytes, endMillis, Long.MIN_VALUE, points);
    }

    void deleteSegment(long segmentId);

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
