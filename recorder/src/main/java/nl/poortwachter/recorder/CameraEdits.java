package nl.poortwachter.recorder;

import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.CameraValidator;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.logging.Log;

/**
 * Adding, replacing and removing a camera: validated, stored, approved by the caller, and only then does its
 * pipeline (and sub-stream session) follow. Each edit runs under the recorder's camera lock, so an edit never
 * interleaves with another or with the lease keeper and storage reserve starting and stopping cameras.
 */
final class CameraEdits {
    private static final Log LOG = Log.of(CameraEdits.class);

    private final CameraStore cameras;
    private final CameraValidator validator;
    private final CameraChanges changes;
    private final Pipelines pipelines;
    private final SubStreams subStreams;
    private final RefusedCameras refused;
    private final Object cameraLock;

    CameraEdits(CameraStore cameras, CameraValidator validator, CameraChanges changes, Pipelines pipelines,
                SubStreams subStreams, RefusedCameras refused, Object cameraLock) {
        this.cameras = cameras;
        this.validator = validator;
        this.changes = changes;
        this.pipelines = pipelines;
        this.subStreams = subStreams;
        this.refused = refused;
        this.cameraLock = cameraLock;
    }

    CameraSpec add(CameraSpec spec, ChangeApproval approval) {
        CameraSpec valid = changes.stampOverride(validator.validate(spec), null);
        synchronized (cameraLock) {
            if (!cameras.insert(valid)) {
                throw new CameraExistsException(valid.id());
            }
            changes.confirmOrUndo(null, valid, approval);
            LOG.info("camera.added", "camera", valid.id(), "url", valid.url(), "credentials", valid.hasCredentials() ? "***" : "none");
            if (valid.recording()) {
                pipelines.start(valid);
            }
        }
        return valid;
    }

    CameraSpec update(String id, CameraSpec spec, ChangeApproval approval) {
        synchronized (cameraLock) {
            CameraSpec existing = cameras.find(id).orElseThrow(() -> new NoSuchCameraException(id));
            CameraSpec merged = CameraChanges.keepPassword(spec.withId(id), existing);
            CameraSpec valid = changes.stampOverride(validator.validate(merged), existing);
            cameras.update(valid);
            refused.forget(id);
            changes.confirmOrUndo(existing, valid, approval);
            LOG.info("camera.updated", "camera", id, "url", valid.url());
            pipelines.stop(id);
            if (valid.recording()) {
                pipelines.start(valid);
            }
            subStreams.changed(valid);
            return valid;
        }
    }

    void remove(String id, ChangeApproval approval) {
        synchronized (cameraLock) {
            CameraSpec existing = cameras.find(id).orElseThrow(() -> new NoSuchCameraException(id));
            approval.approve(existing.withoutSecrets(), null);
            pipelines.stop(id);
            subStreams.remove(id);
            cameras.delete(id);
            pipelines.closeFeed(id);
            LOG.info("camera.removed", "camera", id);
        }
    }

    /** A camera of the configuration file, stored as written there over what was stored (a regime change is logged). */
    void upsertConfigured(CameraSpec configured) {
        CameraSpec valid = validator.validate(configured);
        if (!cameras.insert(valid)) {
            cameras.find(valid.id()).filter(before -> !before.legalRegime().equals(valid.legalRegime()))
                    .ifPresent(before -> LOG.warn("camera.regime.changed", "camera", valid.id(), "from",
                            before.legalRegime(), "to", valid.legalRegime(), "by", "configuration file"));
            cameras.update(valid);
        }
    }
}
