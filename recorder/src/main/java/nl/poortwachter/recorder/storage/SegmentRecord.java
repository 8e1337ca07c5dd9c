package nl.poortwachter.recorder.storage;

/**
 * A segment row. {@code complete} is false while the file is being written (and after a crash, until
 * recovery has checked the file).
 */
public record SegmentRecord(long id, String cameraId, String sessionId, long startMillis, long endMillis,
                            String path, long bytes, String codec, int width, int height, boolean complete,
                            int seekPoints) {
}
