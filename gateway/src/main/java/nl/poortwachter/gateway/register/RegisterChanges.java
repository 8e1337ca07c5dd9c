package nl.poortwachter.gateway.register;

import java.util.List;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.cameras.PipelineAudit;
import nl.poortwachter.recorder.Register;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * Register changes with their audit entries, the entry first: it is durable before the change is made, and a change
 * that fails after it gets a second entry ({@link EntryFirst}). Runs on a worker thread: it waits for the commits.
 */
public final class RegisterChanges {
    private final Register register;
    private final AuditLog audit;
    private final RegisterAudit history;

    public RegisterChanges(Register register, AuditLog audit) {
        this.register = register;
        this.audit = audit;
        this.history = new RegisterAudit(audit);
    }

    /**
     * Applies one planned row (nothing when it changes nothing).
     *
     * @param note ends the entry's detail (e.g. {@code camera=cam-1}), or null
     */
    public void edit(AuditContext ctx, ImportPlan.RowPlan row, String note) throws Exception {
        if (row.action() == ImportPlan.Action.UNCHANGED) {
            return;
        }
        String action = row.action() == ImportPlan.Action.CREATE ? RegisterAudit.CREATE : RegisterAudit.UPDATE;
        EntryFirst.run(RegisterAudit.all(history.changes(ctx, List.of(row), note)), () -> register.apply(List.of(row)),
                () -> audit.register(ctx, action, row.after().key(), AuditLog.ERROR, null));
    }

    /**
     * Connects an entry to a new camera made from {@code spec}: the entry's change first, then the camera's own
     * entries ({@code camera.create}, with the pipeline's), as for any new camera.
     *
     * @param how how the camera came about, for the entry's detail (e.g. {@code onvif})
     */
    public RegisterView connect(AuditContext ctx, RegisterView entry, CameraSpec spec, String how) throws Exception {
        String key = entry.entry().key();
        return EntryFirst.run(audit.register(ctx, RegisterAudit.UPDATE, key, AuditLog.OK, "connect="
                        + (spec.id() == null ? "(id from name)" : spec.id()) + " via=" + how),
                () -> register.connect(entry.id(), spec, PipelineAudit.recordedBeforeEffect(audit, ctx, "camera.create")),
                () -> audit.register(ctx, RegisterAudit.UPDATE, key, AuditLog.ERROR, null));
    }

    /** Deletes an entry without a camera. */
    public void delete(AuditContext ctx, RegisterView entry) throws Exception {
        String key = entry.entry().key();
        EntryFirst.run(audit.register(ctx, RegisterAudit.DELETE, key, AuditLog.OK, "location=\"" + entry.entry().location()
                + "\""), () -> {
                    register.delete(entry.id(), entry.entry());
                    return null;
                }, () -> audit.register(ctx, RegisterAudit.DELETE, key, AuditLog.ERROR, null));
    }
}
