package nl.poortwachter.recorder.camera;

/**
 * The parts of a camera change that the access log records on their own, told to the {@link ChangeApproval} the
 * caller passed with the change (the gateway's writes them with the request's actor). Called after the change is
 * stored but before it takes effect, on the caller's thread. A hook that throws refuses the change: the recorder
 * puts the stored camera back and the caller gets the exception, so that no change is made that the log could not
 * record.
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
