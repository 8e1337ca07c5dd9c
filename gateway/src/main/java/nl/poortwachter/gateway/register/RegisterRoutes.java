package nl.poortwachter.gateway.register;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.cameras.PipelineAudit;
import nl.poortwachter.gateway.config.RegisterSettings;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.NoSuchRegisterEntryException;
import nl.poortwachter.recorder.Register;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.InvalidRegisterEntryException;
import nl.poortwachter.recorder.register.RegisterConflictException;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterExport;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterFilter;
import nl.poortwachter.recorder.register.RegisterOverview;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * The camera register under /api/v1/register: integrators and admins maintain it, auditors read it. Every change is
 * planned by the recorder (checked as an import row is, a connected camera's fields by the camera's rules), its audit
 * entry (the changed fields, {@link RegisterAudit}) written and durable, and only then applied; should applying fail,
 * a second entry says so. The stream address is shown to these roles (it holds no credentials: the register has none)
 * and never leaves in an export.
 */
public final class RegisterRoutes {
    public static final String BASE = "/api/v1/register";
    /** Entry numbers; anything else names no entry (404 without asking). */
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final Register register;
    private final Blocking blocking;
    private final AuditLog audit;
    private final RegisterChanges changes;
    private final RegisterSettings settings;
    private final Clock clock;

    public RegisterRoutes(Register register, Blocking blocking, AuditLog audit, RegisterSettings settings, Clock clock) {
        this.register = register;
        this.blocking = blocking;
        this.audit = audit;
        this.changes = new RegisterChanges(register, audit);
        this.settings = settings;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get(BASE + "/entries", Access.of(Permission.REGISTER_READ, "register.list"), this::list)
                .post(BASE + "/entries", Access.of(Permission.REGISTER_ADMIN, RegisterAudit.CREATE), this::create)
                .get(BASE + "/entries/{entry}", Access.of(Permission.REGISTER_READ, "register.read"), this::get)
                .put(BASE + "/entries/{entry}", Access.of(Permission.REGISTER_ADMIN, RegisterAudit.UPDATE), this::update)
                .delete(BASE + "/entries/{entry}", Access.of(Permission.REGISTER_ADMIN, RegisterAudit.DELETE), this::remove)
                .post(BASE + "/entries/{entry}/connect", Access.of(Permission.CAMERA_ADMIN, "camera.create"), this::connect)
                .get(BASE + "/export", Access.of(Permission.REGISTER_READ, RegisterAudit.EXPORT), this::export)
                .get(BASE + "/overview", Access.of(Permission.REGISTER_READ, "register.overview"), this::overview);
        new ImportRoutes(register, blocking, audit).register(router);
    }

    private Future<Reply> list(Exchange ex) {
        RegisterFilter filter = filter(ex);
        return blocking.call(() -> register.list().stream().filter(filter::matches).map(RegisterJson::view).toList())
                .map(entries -> Reply.ok(Map.of("entries", entries, "count", entries.size())));
    }

    /** {@code vendor}, {@code network} (closed, open, unknown), {@code regime}, {@code public}, {@code state}, {@code q}. */
    private static RegisterFilter filter(Exchange ex) {
        String pub = ex.query("public");
        if (pub != null && !pub.equals("true") && !pub.equals("false")) {
            throw ApiException.badRequest("invalid_parameter", "public", "'public' must be true or false");
        }
        try {
            return new RegisterFilter(blankToNull(ex.query("vendor")), blankToNull(ex.query("network")),
                    blankToNull(ex.query("regime")), pub == null ? null : Boolean.valueOf(pub), blankToNull(ex.query("state")),
                    blankToNull(ex.query("q")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "network", e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private Future<Reply> get(Exchange ex) {
        long id = id(ex);
        return blocking.call(() -> register.get(id).map(RegisterJson::view).orElseThrow(() -> notFound(id))).map(Reply::ok);
    }

    private Future<Reply> create(Exchange ex) {
        return handled(ex.readJson(JsonNode.class).compose(body -> blocking.call(() -> {
            RegisterEntry wanted = RegisterJson.entry(body);
            ImportPlan.RowPlan row = register.planEdit(null, wanted);
            changes.edit(ex.auditContext(), row, null);
            return Reply.json(201, RegisterJson.view(register.byKey(row.after().key()).orElseThrow()));
        })));
    }

    private Future<Reply> update(Exchange ex) {
        long id = id(ex);
        return handled(ex.readJson(JsonNode.class).compose(body -> blocking.call(() -> {
            RegisterView current = register.get(id).orElseThrow(() -> notFound(id));
            RegisterEntry wanted = RegisterJson.entry(body);
            if (wanted.key() == null) {
                wanted = wanted.toBuilder().set(RegisterField.KEY, current.entry().key()).build();
            }
            ImportPlan.RowPlan row = register.planEdit(id, wanted);
            changes.edit(ex.auditContext(), row, current.cameraId() == null ? null : "camera=" + current.cameraId());
            return Reply.ok(RegisterJson.view(register.get(id).orElseThrow(() -> notFound(id))));
        })));
    }

    /** Only an entry without a camera: a camera is removed on its own page, which leaves its entry "to connect". */
    private Future<Reply> remove(Exchange ex) {
        long id = id(ex);
        return handled(blocking.call(() -> {
            RegisterView current = register.get(id).orElseThrow(() -> notFound(id));
            if (current.cameraId() != null) {
                throw new RegisterConflictException("entry '" + current.entry().key() + "' is connected to camera '"
                        + current.cameraId() + "'; remove the camera first");
            }
            changes.delete(ex.auditContext(), current);
            return Reply.noContent();
        }));
    }

    /**
     * Connects an entry "to connect" to a new camera, made from the body (a camera as {@code POST /api/v1/cameras}
     * takes it; what it leaves out comes from the entry): the entry's change first, then the camera's own entries.
     */
    private Future<Reply> connect(Exchange ex) {
        long id = id(ex);
        return handled(ex.readJson(CameraSpec.class).compose(spec -> blocking.call(() -> {
            RegisterView current = register.get(id).orElseThrow(() -> notFound(id));
            RegisterView connected = changes.connect(ex.auditContext(), current, spec, "api");
            return Reply.ok(RegisterJson.view(connected));
        }).recover(t -> t instanceof RegisterConflictException ? Future.failedFuture(t) // no camera was tried
                : PipelineAudit.failed(audit, ex.auditContext(), "camera.create", spec.id(), t))));
    }

    /**
     * The register (filtered as the list is) as CSV, Dutch ({@code csv}: ';', ja/nee) or English ({@code csv-en}),
     * or JSON: never a stream address; formula-like cells neutralised. A copy leaving the gateway: audited.
     */
    private Future<Reply> export(Exchange ex) {
        String format = ex.query("format") == null ? "csv" : ex.query("format");
        if (!List.of("csv", "csv-en", "json").contains(format)) {
            throw ApiException.badRequest("invalid_parameter", "format", "'format' must be csv, csv-en or json");
        }
        RegisterFilter filter = filter(ex);
        String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        return blocking.call(() -> register.list().stream().filter(filter::matches).map(RegisterView::entry).toList())
                .compose(entries -> Future.fromCompletionStage(audit.register(ex.auditContext(), RegisterAudit.EXPORT, null,
                        AuditLog.OK, "format=" + format + " entries=" + entries.size())).map(e -> {
                            boolean json = format.equals("json");
                            byte[] body = json ? RegisterExport.json(entries).getBytes(StandardCharsets.UTF_8)
                                    : RegisterExport.csv(entries, format.equals("csv") ? RegisterExport.CsvStyle.DUTCH
                                    : RegisterExport.CsvStyle.ENGLISH);
                            return Reply.of(200, json ? Reply.JSON : "text/csv; charset=utf-8", Buffer.buffer(body))
                                    .withHeader("Content-Disposition", "attachment; filename=\"cameraregister-" + day
                                            + (json ? ".json" : ".csv") + "\"");
                        }));
    }

    private Future<Reply> overview(Exchange ex) {
        return blocking.call(() -> RegisterOverview.of(register.list(), clock.instant(), settings.notSeenAfter()))
                .map(Reply::ok);
    }

    /** A refused change answers with every problem (400) or the conflict (409); nothing was changed. */
    static Future<Reply> handled(Future<Reply> reply) {
        return reply.recover(t -> {
            if (t instanceof InvalidRegisterEntryException invalid) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "invalid_entry");
                body.put("message", invalid.problems().toString());
                body.put("problems", RegisterJson.problems(invalid.problems()));
                return Future.succeededFuture(Reply.json(400, body));
            }
            if (t instanceof RegisterConflictException conflict) {
                return Future.failedFuture(new ApiException(409, "conflict", null, conflict.getMessage()));
            }
            if (t instanceof NoSuchRegisterEntryException missing) {
                return Future.failedFuture(ApiException.notFound(missing.getMessage()));
            }
            return Future.failedFuture(t);
        });
    }

    private static long id(Exchange ex) {
        String id = ex.pathParam("entry");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound("no such register entry");
        }
        return Long.parseLong(id);
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("no register entry " + id);
    }
}
