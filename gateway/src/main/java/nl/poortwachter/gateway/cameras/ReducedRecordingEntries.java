package nl.poortwachter.gateway.cameras;

import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.capacity.CapacityListener;
import nl.poortwachter.recorder.logging.Log;

/**
 * The overload policy's changes to a camera's recording, into the access log and the processing log (D42). Runs on
 * the recorder's capacity thread: the entry is queued, not waited for (the change has been made; an entry that
 * cannot be written is logged).
 */
public final class ReducedRecordingEntries implements CapacityListener {
    private static final Log LOG = Log.of(ReducedRecordingEntries.class);

    private final Recorder recorder;
    private final AuditLog audit;

    public ReducedRecordingEntries(Recorder recorder, AuditLog audit) {
        this.recorder = recorder;
        this.audit = audit;
    }

    @Override
    public void reduced(String cameraId, String policy, String reason) {
        write(cameraId, true, "policy=" + policy + " reason=" + reason);
    }

    @Override
    public void restored(String cameraId, String reason) {
        write(cameraId, false, "reason=" + reason);
    }

    private void write(String cameraId, boolean reduced, String detail) {
        String regime = recorder.camera(cameraId).map(CameraView::legalRegime).orElse(null);
        audit.recordingReduced(cameraId, regime, reduced, detail).whenComplete((entry, error) -> {
            if (error != null) {
                LOG.warn("audit.recording.reduced.failed", "camera", cameraId, "error", String.valueOf(error.getMessage()));
            }
        });
    }
}
