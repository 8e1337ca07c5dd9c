package nl.poortwachter.recorder.storage;

/**
 * A write for a camera whose lease this node no longer holds (cluster, D72): another node took the camera over
 * (its fencing token is newer), so nothing of this write was stored. The segment writer stops recording the camera.
 */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
