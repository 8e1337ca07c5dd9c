package nl.poortwachter.gateway.register;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterField;

/**
 * The history of the register in the audit log: one entry per entry created or changed, naming every changed field
 * with its new value, so that an auditor can follow an entry's history by its key. The stream address is named, never
 * shown (the register holds no credentials, and a stream is the camera's business); values are cut short.
 */
final class RegisterAudit {
    static final String CREATE = "register.create";
    static final String UPDATE = "register.update";
    static final String DELETE = "register.delete";
    static final String IMPORT = "register.import";
    static final String EXPORT = "register.export";
    private static final int VALUE_LIMIT = 60;

    private final AuditLog audit;

    RegisterAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** The entries of planned rows, queued together (they share commits); {@code extra} ends each detail. */
    List<CompletableFuture<AuditEntry>> changes(AuditContext ctx, List<ImportPlan.RowPlan> rows, String extra) {
        List<CompletableFuture<AuditEntry>> writes = new ArrayList<>();
        for (ImportPlan.RowPlan r : rows) {
            if (r.action() == ImportPlan.Action.UNCHANGED) {
                continue;
            }
            String action = r.action() == ImportPlan.Action.CREATE ? CREATE : UPDATE;
            writes.add(audit.register(ctx, action, r.after().key(), AuditLog.OK, detail(r) + (extra == null ? "" : " " + extra)));
        }
        return writes;
    }

    /** {@code location="Neude" vendor="Dahua"}: what a new entry has, or what a change set. */
    static String detail(ImportPlan.RowPlan r) {
        StringBuilder out = new StringBuilder();
        for (RegisterField f : RegisterField.values()) {
            Object after = r.after().value(f);
            boolean changed = r.action() == ImportPlan.Action.CREATE ? after != null && f != RegisterField.KEY
                    : r.changes().stream().anyMatch(c -> c.field() == f);
            if (!changed) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(f.apiName()).append('=').append(shown(f, after));
        }
        return out.isEmpty() ? "no_fields" : out.toString();
    }

    private static String shown(RegisterField f, Object value) {
        if (value == null) {
            return "(empty)";
        }
        if (f == RegisterField.RTSP_URL) {
            return "(set)";
        }
        String s = RegisterJson.value(value).toString().replaceAll("\\p{Cntrl}", " ").replace("\"", "'");
        return "\"" + (s.length() > VALUE_LIMIT ? s.substring(0, VALUE_LIMIT) + "…" : s) + "\"";
    }

    /** Every future, completed with the last: what {@code EntryFirst.run} waits for. */
    static CompletableFuture<AuditEntry> all(List<CompletableFuture<AuditEntry>> writes) {
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(v -> writes.get(writes.size() - 1).join());
    }
}
