package nl.poortwachter.recorder.camera;

/**
 * Told about changes that the access log must record (the gateway's audit log implements it). Called after
 * the change is stored, on the caller's thread.
 */
public interface CameraListener {
    /** Mode or privacy masks changed (or were set when the camera was added). */
    default void pipelineChanged(String cameraId, CameraSpec before, CameraSpec after) {
    }

    /** An administrator ran an untrusted camera in passthrough. */
    default void policyOverridden(String cameraId, PolicyOverride override) {
    }
}
