package nl.poortwachter.recorder.retention;

/** A segment a purge may delete: what the file is and what the purge record must count. */
public record DeletableSegment(long id, String cameraId, String path, long bytes, long startMillis, long endMillis) {
}
