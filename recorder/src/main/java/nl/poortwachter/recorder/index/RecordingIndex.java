package nl.poortwachter.recorder.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.export.ExportStore;
import nl.poortwachter.recorder.retention.RetentionStore;

/**
 * The index of cameras, segments and seek points. Embedded SQLite by default; an interface so that a shared
 * PostgreSQL can take its place when several recorder nodes share storage. Schema: docs/index-schema.md.
 */
public interface RecordingIndex extends AutoCloseable {

    // Cameras (credentials are kept in their own table, apart from the description)
    List<CameraSpec> cameras();

    Optional<CameraSpec> camera(String id);

    /** Inserts; false if the id is taken. */
    boolean insertCamera(CameraSpec camera);

    /** Replaces; false if there is no such camera. */
    boolean updateCamera(CameraSpec camera);

    boolean deleteCamera(String id);

    // Segments
    /** Durable when it returns: a file is created only after its row exists. */
    long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width, int height);

    /** Queued and committed in groups; a crash may lose the last ones, which recovery rebuilds from the file. */
    void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis);

    void completeSegment(long segmentId, long bytes, long endMillis, List<SeekPoint> points);

    void deleteSegment(long segmentId);

    /** Segments overlapping the range, oldest first; not those a purge is deleting. */
    List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis);

    List<SegmentRecord> incompleteSegments();

    Optional<SegmentRecord> segmentByPath(String path);

    /** Empty also while a purge is deleting the segment. */
    Optional<SegmentRecord> segmentById(long id);

    List<SeekPoint> seekPoints(long segmentId);

    /** Seek points of several segments in one go (a playlist's worth), by segment id. */
    default java.util.Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds) {
        java.util.Map<Long, List<SeekPoint>> out = new java.util.HashMap<>();
        for (long id : segmentIds) {
            out.put(id, seekPoints(id));
        }
        return out;
    }

    // Archive: retention, legal holds, proof of deletion (retention package), exports (export package)
    RetentionStore retention();

    ExportStore exports();

    /** Waits until everything queued is committed. */
    void sync();

    Map<String, Object> healthCheck();

    @Override
    void close();
}
