package nl.poortwachter.recorder.storage;

/**
 * What the segment writer needs of a camera's lease in a cluster (D72): the fencing token its index rows carry, and
 * whether this node may still write the camera's files. {@link #NONE} is the embedded gateway: no lease, always.
 */
public interface CameraLease {
    /** The fencing token, or null where there are no leases (embedded). */
    Long token();

    /**
     * Whether the lease is still certainly ours by this node's own monotonic clock (the time of its last successful
     * renewal plus the lease's length, less a margin). False after a pause (SIGSTOP) or a cut-off longer than that,
     * before anything else has been heard: the writer then writes nothing more.
     */
    boolean valid();

    CameraLease NONE = new CameraLease() {
        @Override
        public Long token() {
            return null;
        }

        @Override
        public boolean valid() {
            return true;
        }
    };
}
