package nl.poortwachter.recorder.camera;

/**
 * The caller's last word on one camera change it asked for, e.g. the gateway writing the audit entry of the request
 * that makes it: the change must not take effect unless that entry is durable. Called on the caller's thread with
 * the camera lock held. For an added or updated camera: after the change is validated and stored (and after the
 * {@link CameraListener}s), before it takes effect; throwing refuses it, the recorder puts the stored camera back
 * and the caller gets the exception. For a removal: before anything is changed; throwing leaves the camera as it is.
 */
@FunctionalInterface
public interface ChangeApproval {
    /** For callers with nothing to record (configuration at start-up, tools). */
    ChangeApproval NONE = (before, after) -> {
    };

    /**
     * @param before the camera as stored before the change, without secrets; null when it is being added
     * @param after  the camera as it will be, without secrets; null when it is being removed
     */
    void approve(CameraSpec before, CameraSpec after);
}
