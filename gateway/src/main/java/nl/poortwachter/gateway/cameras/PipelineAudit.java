package nl.poortwachter.gateway.cameras;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditUnavailableException;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.recorder.CameraExistsException;
import nl.poortwachter.recorder.NoSuchCameraException;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;

/**
 * The audit entries of one camera change a request makes, with that request's actor, handed to the recorder with
 * the change: mode, mask and policy-override changes (the recorder's hooks), then the request's own entry
 * ({@code approval}). Called on the worker serving the request, after the change is stored and before it takes
 * effect; it waits for the entries to be durable and throws if they are not, which makes the recorder undo the
 * change and the request fail (503): no change without its entries.
 */
public final class PipelineAudit implements ChangeApproval {
    /** Every camera in passthrough that policy does not trust runs on an override of this policy. */
    private static final String PASSTHROUGH_POLICY = "passthrough";

    private final AuditLog audit;
    private final AuditContext ctx;
    private final ChangeApproval approval;

    /** @param approval the request's own entry, written after the pipeline entries ({@link ChangeApproval#NONE}: none) */
    PipelineAudit(AuditLog audit, AuditContext ctx, ChangeApproval approval) {
        this.audit = audit;
        this.ctx = ctx;
        this.approval = approval;
    }

    /**
     * The entries of a camera change made by a request ({@code camera.create}, {@code camera.update},
     * {@code camera.delete}): the pipeline's, then the change's own, durable before the recorder lets the change take
     * effect; when they cannot be written, the recorder undoes what it stored (or, for a removal, does nothing) and
     * the request fails with 503. A new camera's entry names its legal regime.
     */
    public static ChangeApproval recordedBeforeEffect(AuditLog audit, AuditContext ctx, String action) {
        return new PipelineAudit(audit, ctx, (before, after) -> {
            String cameraId = after == null ? before.id() : after.id();
            String detail = before == null ? "regime=" + after.legalRegime() : null;
            Durable.await(audit.camera(ctx, action, cameraId, AuditLog.OK, detail));
        });
    }

    /**
     * Audits a camera change or probe that failed (its success is audited before it takes effect) and fails as it
     * would have. A refusal (403) was audited where it was decided, and a change the audit log itself refused is not
     * written again: the log has just said it cannot.
     */
    public static <T> Future<T> failed(AuditLog audit, AuditContext ctx, String action, String id, Throwable t) {
        if (t instanceof ApiException a && a.status() == 403 || t instanceof AuditUnavailableException) {
            return Future.failedFuture(t);
        }
        String code = t instanceof ApiException a ? a.code()
                : t instanceof NoSuchCameraException ? "not_found"
                : t instanceof CameraExistsException ? "camera_exists"
                : t instanceof InvalidCameraException i ? "invalid_field:" + i.field() : null;
        String result = code == null ? AuditLog.ERROR : AuditLog.FAILED;
        return Future.fromCompletionStage(audit.camera(ctx, action, id, result, code == null ? null : "error=" + code))
                .compose(e -> Future.failedFuture(t));
    }

    @Override
    public void approve(CameraSpec before, CameraSpec after) {
        approval.approve(before, after);
    }

    @Override
    public void pipelineChanged(String cameraId, CameraSpec before, CameraSpec after) {
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
        Durable.await(audit.policyOverride(ctx, cameraId, PASSTHROUGH_POLICY, override.reason()));
    }

    @Override
    public void policyOverrideRemoved(String cameraId, PolicyOverride removed) {
        Durable.await(audit.policyOverrideRemoved(ctx, cameraId, PASSTHROUGH_POLICY));
    }
}
