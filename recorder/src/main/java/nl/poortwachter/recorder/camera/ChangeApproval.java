package nl.poortwachter.recorder.camera;

/**
 * The caller's last word on one camera change it asked for, e.g. the gateway writing the audit entries of the request
 * that makes it, with that request's actor: the change must not take effect unless those entries are durable. Called
 * on the caller's thread with the camera lock held. For an added or updated camera: after the change is validated
 * and stored, first the {@link CameraListener} hooks for the parts of it that are recorded on their own (mode,
 * masks, a policy override), then {@link #approve}; either throwing refuses the change, the recorder puts the stored
 * camera back and the caller gets the exception. For a removal: {@link #approve} only, before anything is changed;
 * throwing leaves the camera as it is. Whatever the hooks need to know about the caller travels in this object, so
 * nothing rides along on the thread.
 */
@FunctionalInterface
public interface ChangeApproval extends CameraListener {
    /** For callers with nothing to record (configuration at start-up, tools). */
    ChangeApproval NONE = (before, after) -> {
    };

    /**
     * @param before the camera as stored before the change, without secrets; null when it is being added
     * @param after  the camera as it will be, without secrets; null when it is being removed
     */
    void approve(CameraSpec before, CameraSpec after);
}
