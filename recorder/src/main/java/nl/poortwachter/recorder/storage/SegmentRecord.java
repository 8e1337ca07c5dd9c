package nl.poortwachter.recorder.storage;

/**
 * A segment row. {@code complete} is false while the file is being written (and after a crash, until
 * recovery has checked the file). {@code nodeId} names the cluster node whose storage folder holds the file (D72);
 * null on the embedded gateway.
 */
public record SegmentRecord(long id, String cameraId, String sessionId, long startMillis, long endMillis,
                            String path, long bytes, String codec, int width, int height, boolean complete,
                            int seekPoints, String nodeId) {

    /** Whether the file is in the storage folder of {@code node} (null: the embedded gateway, which holds all). */
    public boolean heldBy(String node) {
        return nodeId == null || nodeId.equals(node);
    }
}
