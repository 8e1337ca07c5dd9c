package nl.poortwachter.gateway.register;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.json.Mappers;
import nl.poortwachter.recorder.Register;
import nl.poortwachter.recorder.register.ImportPlan;

/**
 * Importing a register spreadsheet saved as CSV: the body is the file as it is (UTF-8 or Windows-1252, ';' or ','),
 * {@code ?mapping=} a JSON object naming a field (or {@code ignore}) for each column the gateway does not recognise.
 * {@code .../dry-run} answers the plan (per row what would be created or changed, every problem with line, column
 * and reason) and its token; {@code .../apply?plan=token} plans the same file again and applies it only when the plan
 * is still the one shown and has no problem: all rows in one transaction, or none. Stateless: nothing is kept between
 * the two calls, so a restart in between costs nothing but a second upload.
 */
final class ImportRoutes {
    private static final String DRY_RUN = RegisterRoutes.BASE + "/import/dry-run";
    private static final String APPLY = RegisterRoutes.BASE + "/import/apply";

    private final Register register;
    private final Blocking blocking;
    private final AuditLog audit;
    private final RegisterAudit history;

    ImportRoutes(Register register, Blocking blocking, AuditLog audit) {
        this.register = register;
        this.blocking = blocking;
        this.audit = audit;
        this.history = new RegisterAudit(audit);
    }

    void register(Router router) {
        router.post(DRY_RUN, Access.of(Permission.REGISTER_ADMIN, RegisterAudit.IMPORT), this::dryRun)
                .post(APPLY, Access.of(Permission.REGISTER_ADMIN, RegisterAudit.IMPORT), this::apply);
    }

    private Future<Reply> dryRun(Exchange ex) {
        Map<String, String> mapping = mapping(ex);
        return upload(ex).compose(file -> blocking.call(() -> {
            ImportPlan plan = register.planImport(file, mapping);
            return Reply.ok(ImportJson.plan(plan, PlanToken.of(file, mapping, plan), null));
        }));
    }

    /**
     * 409 with the new plan when it is no longer the one shown (the register or the file changed), 422 with the plan
     * when it has problems; else every change's entry, the file's, then the change. The token binds what is applied
     * to what was shown.
     */
    private Future<Reply> apply(Exchange ex) {
        String shown = ex.query("plan");
        if (shown == null || !shown.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("invalid_parameter", "plan", "'plan' must be the token of the dry run whose"
                    + " plan is to be applied");
        }
        Map<String, String> mapping = mapping(ex);
        return upload(ex).compose(file -> RegisterRoutes.handled(blocking.call(() -> {
            ImportPlan plan = register.planImport(file, mapping);
            String token = PlanToken.of(file, mapping, plan);
            if (!token.equals(shown)) {
                return Reply.json(409, ImportJson.plan(plan, token, "the register or the file changed since the dry run;"
                        + " check this plan and apply it instead"));
            }
            if (!plan.applicable()) {
                return Reply.json(422, ImportJson.plan(plan, token, "the file has problems; nothing was applied"));
            }
            AuditContext ctx = ex.auditContext();
            String summary = "file_sha256=" + PlanToken.sha256(file) + " created=" + plan.count(ImportPlan.Action.CREATE)
                    + " changed=" + plan.count(ImportPlan.Action.CHANGE) + " unchanged="
                    + plan.count(ImportPlan.Action.UNCHANGED);
            var writes = new ArrayList<>(history.changes(ctx, plan.rows(), "import=" + token.substring(0, 12)));
            writes.add(audit.register(ctx, RegisterAudit.IMPORT, null, AuditLog.OK, summary));
            int applied = EntryFirst.run(RegisterAudit.all(writes), () -> register.apply(plan.rows()),
                    () -> audit.register(ctx, RegisterAudit.IMPORT, null, AuditLog.ERROR, summary));
            Map<String, Object> body = ImportJson.plan(plan, token, null);
            body.put("applied", applied);
            return Reply.ok(body);
        })));
    }

    /**
     * The file, up to the import limit. A declared size beyond it is refused before a byte is read, with the size
     * said in megabytes, as the dry run would say it.
     */
    private Future<byte[]> upload(Exchange ex) {
        String type = ex.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("text/csv") && !media.equals("application/octet-stream") && !media.equals("text/plain")) {
            return Future.failedFuture(new ApiException(415, "unsupported_media_type", null,
                    "send the file as it is, with Content-Type text/csv"));
        }
        int max = register.limits().maxBytes();
        if (ex.declaredLength() > max) {
            return Future.failedFuture(new ApiException(413, "file_too_large", null, String.format(Locale.ROOT,
                    "the file is %.1f MiB; an import takes at most %.1f MiB", ex.declaredLength() / 1048576.0, max / 1048576.0)));
        }
        return ex.readBody(max).map(b -> b.getBytes());
    }

    /** {@code ?mapping={"Camera type": "model", "Opmerking": "ignore"}}: column name → field or ignore. */
    private static Map<String, String> mapping(Exchange ex) {
        String text = ex.query("mapping");
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = Mappers.JSON_IN.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_parameter", "mapping", "'mapping' must be a JSON object of column name"
                    + " to field name or \"ignore\"");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_parameter", "mapping", "'mapping' must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("invalid_parameter", "mapping", "'mapping' values must be field names"
                        + " or \"ignore\" (column '" + e.getKey() + "')");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
