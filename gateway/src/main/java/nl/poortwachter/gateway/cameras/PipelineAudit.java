package nl.poortwachter.gateway.cameras;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditScope;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.recorder.camera.CameraListener;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;

/**
 * Writes mode, mask and policy-override changes the recorder reports to the audit log, with the actor of the
 * request that made them ({@link AuditScope}). Called on the worker serving that request, after the change is
 * stored and before it takes effect; it waits for the entries to be durable and throws if they are not, which
 * makes the recorder undo the change and the request fail (503): no change without its entry.
 */
public final class PipelineAudit implements CameraListener {
    /** Every camera in passthrough that policy does not trust runs on an override of this policy. */
    private static final String PASSTHROUGH_POLICY = "passthrough";

    private final AuditLog audit;

    public PipelineAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void pipelineChanged(String cameraId, CameraSpec before, CameraSpec after) {
        AuditContext ctx = AuditScope.current();
        List<CompletableFuture<AuditEntry>> writes = new ArrayList<>(2);
        String modeBefore = before == null || before.mode() == null ? "none" : before.mode().name();
        String modeAfter = after.mode() == null ? "transcode" : after.mode().name();
        if (!modeBefore.equals(modeAfter)) {
            writes.add(audit.modeChanged(ctx, cameraId, modeBefore, modeAfter));
        }
        List<PrivacyMask> masksBefore = before == null || before.masks() == null ? List.of() : before.masks();
        List<PrivacyMask> masksAfter = after.masks() == null ? List.of() : after.masks();
        if (!masksBefore.equals(masksAfter)) {
            writes.add(audit.maskChanged(ctx, cameraId, "masks=" + masksBefore.size() + "->" + masksAfter.size()));
        }
        // Queued together, so that they usually share one commit; then waited for, all of them.
        writes.forEach(Durable::await);
    }

    @Override
    public void policyOverridden(String cameraId, PolicyOverride override) {
        Durable.await(audit.policyOverride(AuditScope.current(), cameraId, PASSTHROUGH_POLICY, override.reason()));
    }

    @Override
    public void policyOverrideRemoved(String cameraId, PolicyOverride removed) {
        Durable.await(audit.policyOverrideRemoved(AuditScope.current(), cameraId, PASSTHROUGH_POLICY));
    }
}
