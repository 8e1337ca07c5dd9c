package nl.poortwachter.recorder.camera;

/**
 * Told about changes that the access log must record (the gateway's audit log implements it). Called after
 * the change is stored but before it takes effect, on the caller's thread. A listener that throws refuses the
 * change: the recorder puts the stored camera back and the caller gets the exception, so that no change is
 * made that the log could not record.
 */
public interface CameraListener {
    /** Mode or privacy masks changed (or were set when the camera was added). */
    default void pipelineChanged(String cameraId, CameraSpec before, CameraSpec after) {
    }

    /** An administrator ran an untrusted camera in passthrough. */
    default void policyOverridden(String cameraId, PolicyOverride override) {
    }

    /** The camera's policy override was taken away (it runs under the vendor policy again). */
    default void policyOverrideRemoved(String cameraId, PolicyOverride removed) {
    }
}
