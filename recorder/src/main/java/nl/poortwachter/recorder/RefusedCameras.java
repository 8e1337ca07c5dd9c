package nl.poortwachter.recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.logging.Log;

/**
 * Stored cameras checked against the URL policy as it is now (cameraNetworks or cameraSpecialAddresses may have
 * changed since they were saved): a refused one does not record, and its status says why until it is edited.
 */
final class RefusedCameras {
    private static final Log LOG = Log.of(RefusedCameras.class);

    private final RtspUrlPolicy urlPolicy;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    RefusedCameras(RtspUrlPolicy urlPolicy) {
        this.urlPolicy = urlPolicy;
    }

    /** Whether the camera may record now; when not, remembers why. */
    boolean allowedNow(CameraSpec camera) {
        try {
            urlPolicy.check(camera.url());
            refused.remove(camera.id());
            return true;
        } catch (InvalidCameraException e) {
            refused.put(camera.id(), "not recording: the camera's URL is refused by the current policy: " + e.getMessage());
            LOG.error("camera.refused", "camera", camera.id(), "reason", e.getMessage());
            return false;
        }
    }

    /** The camera was edited (and validated again): whatever refused it before no longer applies. */
    void forget(String cameraId) {
        refused.remove(cameraId);
    }

    /** Why the camera is not recording, or null when it is not refused. */
    String reason(String cameraId) {
        return refused.get(cameraId);
    }
}
