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
     * has now: the regime the footage is recorded under, which stays with it (docs/decisions.md D47). No lease
     * (embedded, recovery).
     */
    default long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                             int height) {
        return openSegment(cameraId, sessionId, startMillis, path, codec, width, height, null, null);
    }

    /**
     * As above, under a camera lease (cluster, D72): the row carries this node and the fencing token, and is written
     * only while the token is the camera's current one.
     *
     * @param leaseToken null for no lease
     * @throws LeaseLostException when another node holds the camera's lease now
     */
    default long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                             int height, Long leaseToken) {
        return openSegment(cameraId, sessionId, startMillis, path, codec, width, height, null, leaseToken);
    }

    /**
     * As above, with what explains its times.
     *
     * @param timing     the media time and session anchor that explain its times; null when unknown (older files)
     * @param leaseToken null for no lease
     * @throws LeaseLostException when another node holds the camera's lease now
     */
    long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                     int height, SegmentTiming timing, Long leaseToken);

    /**
     * Queued and committed in groups; a crash may lose the last ones, which recovery rebuilds from the file. A point
     * of a segment whose lease token is no longer the camera's is not stored (nor the segment's new end).
     *
     * @param mediaEnd the session's media time at {@code endMillis}, or {@link Long#MIN_VALUE} if unknown
     */
    void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis, long mediaEnd);

    default void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis) {
        appendSeekPoint(segmentId, point, bytes, endMillis, Long.MIN_VALUE);
    }

    /**
     * Replaces the segment's seek points with {@code points} and marks it complete, in one transaction.
     *
     * @param mediaEnd the session's media time at {@code endMillis}, or {@link Long#MIN_VALUE} if unknown
     * @throws LeaseLostException when the segment was written under a lease another node has taken since (that
     *                            node sealed it at what was committed; nothing is changed)
     */
    void completeSegment(long segmentId, long bytes, long endMillis, long mediaEnd, List<SeekPoint> points);

    default void completeSegment(long segmentId, long bytes, long endMillis, List<SeekPoint> points) {
        completeSegment(segmentId, bytes, endMillis, Long.MIN_VALUE, points);
    }

    void deleteSegment(long segmentId);

    /** This cluster node (its segments' files are in its storage folder); null on the embedded gateway. */
    default String node() {
        return null;
    }

    /**
     * The legal regimes footage of the camera in the range was recorded under ({@link #UNKNOWN_REGIME} for footage
     * whose regime is not known); empty when there is no footage in the range.
     */
    Set<String> regimes(String cameraId, long fromMillis, long toMillis);

    /** The regime one segment of the camera was recorded under ({@link #UNKNOWN_REGIME} if not known); empty if none. */
    Optional<String> regimeOf(String cameraId, long segmentId);

    /**
     * Segments overlapping the range, oldest first; not those a purge is deleting. In a cluster also those whose
     * files another node holds ({@link SegmentRecord#heldBy}).
     */
    List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis);

    /** This node's segments not marked complete (in a cluster, never another node's: they are its files). */
    List<SegmentRecord> incompleteSegments();

    /** The row of a file of this node's storage folder. */
    Optional<SegmentRecord> segmentByPath(String path);

    /** Empty also while a purge is deleting the segment. */
    Optional<SegmentRecord> segmentById(long id);

    List<SeekPoint> seekPoints(long segmentId);

    /** Seek points of several segments in one go (a playlist's worth), by segment id. */
    Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds);

    /** Waits until every queued seek point is committed. */
    void sync();
}
