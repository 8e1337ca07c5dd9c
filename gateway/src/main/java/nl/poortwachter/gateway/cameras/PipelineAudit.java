package nl.poortwachter.gateway.cameras;

import java.util.List;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditScope;
import nl.poortwachter.recorder.camera.CameraListener;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;

/**
 * Writes mode, mask and policy-override changes the recorder reports to the audit log, with the actor of the
 * request that made them ({@link AuditScope}). Called on the worker serving that request, after the change is
 * stored; it waits for the entry to be durable, so the request is answered only after that.
 */
public final class PipelineAudit implements CameraListener {
    private final AuditLog audit;

    public PipelineAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void pipelineChanged(String cameraId, CameraSpec before, CameraSpec after) {
        String modeBefore = before == null || before.mode() == null ? "none" : before.mode().name();
        String modeAfter = after.mode() == null ? "transcode" : after.mode().name();
        if (!modeBefore.equals(modeAfter)) {
            audit.modeChanged(AuditScope.current(), cameraId, modeBefore, modeAfter).join();
        }
        List<PrivacyMask> masksBefore = before == null || before.masks() == null ? List.of() : before.masks();
        List<PrivacyMask> masksAfter = after.masks() == null ? List.of() : after.masks();
        if (!masksBefore.equals(masksAfter)) {
            audit.maskChanged(AuditScope.current(), cameraId, "masks=" + masksBefore.size() + "->" + masksAfter.size())
                    .join();
        }
    }

    @Override
    public void policyOverridden(String cameraId, PolicyOverride override) {
        audit.policyOverride(AuditScope.current(), cameraId, "passthrough", override.reason()).join();
    }
}
