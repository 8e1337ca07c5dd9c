package nl.poortwachter.gateway.cameras;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.NoSuchCameraException;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.camera.ProbeResult;

/**
 * The camera API under /api/v1/cameras: what an integrator uses to add, test, edit and remove cameras, and what
 * operators see of the cameras granted to them. Validation of the camera itself is the recorder's (one rule set
 * for API and config file); this class checks only what is about HTTP: the body's shape, the path id, the time
 * range. Every change and probe is audited (also when the recorder refuses it) before it is answered; a change's
 * entries are durable before the change takes effect: they travel with the change to the recorder
 * ({@link PipelineAudit}), with the request's actor.
 */
public final class CameraRoutes {
    public static final String BASE = "/api/v1/cameras";
    /** Same shape as the recorder's camera ids; anything else cannot name a camera, so it is a 404 without asking. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Recorder recorder;
    private final Blocking blocking;
    private final Clock clock;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public CameraRoutes(Recorder recorder, Blocking blocking, Clock clock, AuditLog audit, AccessPolicy policy) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.clock = clock;
        this.audit = audit;
        this.policy = policy;
    }

    public void register(Router router) {
        router.get(BASE, Access.of(Permission.CAMERA_VIEW, "camera.list"), this::list)
                .post(BASE, Access.of(Permission.CAMERA_ADMIN, "camera.create"), this::create)
                .get(BASE + "/{id}", Access.of(Permission.CAMERA_VIEW, "camera.read").camera("id"), this::get)
                .put(BASE + "/{id}", Access.of(Permission.CAMERA_ADMIN, "camera.update").camera("id"), this::replace)
                .delete(BASE + "/{id}", Access.of(Permission.CAMERA_ADMIN, "camera.delete").camera("id"), this::remove)
                .post(BASE + "/{id}/probe", Access.of(Permission.CAMERA_ADMIN, "camera.probe").camera("id"), this::probe)
                .get(BASE + "/{id}/recordings", Access.of(Permission.RECORDINGS_INDEX, "recordings.list").camera("id"),
                        this::recordings)
                .put(BASE + "/{id}/policy-override", Access.of(Permission.POLICY_ADMIN, "policy.override").camera("id"),
                        this::setOverride)
                .delete(BASE + "/{id}/policy-override", Access.of(Permission.POLICY_ADMIN, "policy.override").camera("id"),
                        this::clearOverride)
                .put(BASE + "/{id}/legal-regime", Access.of(Permission.POLICY_ADMIN, REGIME_ACTION).camera("id"),
                        this::setRegime);
    }

    /** The audit action of a change of a camera's legal regime. */
    public static final String REGIME_ACTION = "camera.regime";

    /** The body of a regime change: the new regime, and why (the privacy officer's decision, a council decree). */
    public record RegimeRequest(String legalRegime, String reason) {
    }

    /**
     * An admin changes a camera's legal regime. Who may watch the camera's footage depends on it (police only for
     * 151c), so it is not an integrator's edit; footage already recorded keeps the regime it was recorded under
     * (D47): the change governs what is recorded from now on. The entry names the old and the new regime.
     */
    private Future<Reply> setRegime(Exchange ex) {
        String id = id(ex);
        return ex.readJson(RegimeRequest.class).compose(r -> {
            if (r.legalRegime() == null || r.legalRegime().isBlank()) {
                throw ApiException.badRequest("invalid_field", "legalRegime", "'legalRegime' is required");
            }
            if (r.reason() == null || r.reason().strip().length() < 10 || r.reason().length() > 500) {
                throw ApiException.badRequest("invalid_field", "reason", "'reason' must be 10-500 characters");
            }
            String regime = r.legalRegime().strip();
            return blocking.call(() -> {
                CameraView v = recorder.camera(id).orElseThrow(() -> new NoSuchCameraException(id));
                if (v.legalRegime().equals(regime)) {
                    throw new ApiException(409, "unchanged", "legalRegime", "the camera already records under '"
                            + regime + "'");
                }
                CameraSpec changed = specOf(v, v.mode(), v.policyOverride()).withLegalRegime(regime);
                return recorder.updateCamera(id, changed, new PipelineAudit(audit, ex.auditContext(),
                        (before, after) -> Durable.await(audit.regimeChanged(ex.auditContext(), id,
                                before.legalRegime(), after.legalRegime(), r.reason().strip()))));
            }).map(Reply::ok).recover(t -> failedAudit(ex, REGIME_ACTION, id, t));
        });
    }

    /**
     * An integrator's camera body with another legal regime is refused (audited): the regime decides who may see
     * the footage, and changing it is an admin's act ({@code PUT /legal-regime}). The stored one sent back passes.
     */
    private void refuseRegimeChange(Exchange ex, CameraSpec spec, CameraView existing) {
        if (existing == null || spec.legalRegime() == null || spec.legalRegime().strip().equals(existing.legalRegime())) {
            return;
        }
        audit.denied(ex.auditContext(), REGIME_ACTION, "camera", existing.id(), "admin_only").join();
        throw new ApiException(403, "forbidden", "legalRegime", "a camera's legal regime is an admin's decision: "
                + "PUT " + BASE + "/{id}/legal-regime");
    }

    /** The body of a policy override: why this camera may run in passthrough although its vendor is not trusted. */
    public record OverrideRequest(String reason) {
    }

    /**
     * An admin lets a camera skip the sanitizing transcode. Kept apart from the camera's description: integrators
     * edit cameras, but overriding the passthrough policy is an admin's decision, recorded with the admin's name.
     */
    private Future<Reply> setOverride(Exchange ex) {
        String id = id(ex);
        return ex.readJson(OverrideRequest.class).compose(r -> {
            if (r.reason() == null || r.reason().strip().length() < 10 || r.reason().length() > 500) {
                throw ApiException.badRequest("invalid_field", "reason", "'reason' must be 10-500 characters");
            }
            PolicyOverride o = new PolicyOverride(r.reason().strip(), ex.principal().username(), null);
            return blocking.call(() -> {
                CameraView v = recorder.camera(id).orElseThrow(() -> new NoSuchCameraException(id));
                return recorder.updateCamera(id, specOf(v, PipelineMode.passthrough, o), overrideEntries(ex));
            }).map(Reply::ok);
        });
    }

    private Future<Reply> clearOverride(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> {
            CameraView v = recorder.camera(id).orElseThrow(() -> new NoSuchCameraException(id));
            return recorder.updateCamera(id, specOf(v, PipelineMode.transcode, null), overrideEntries(ex));
        }).map(Reply::ok);
    }

    /** The stored camera as a spec to update; no credentials: the recorder keeps the stored ones (sub-stream's too). */
    private static CameraSpec specOf(CameraView v, PipelineMode mode, PolicyOverride o) {
        return new CameraSpec(v.id(), v.name(), v.url(), null, null, v.vendor(), v.model(), v.location(), v.purpose(),
                v.legalRegime(), v.retentionDays(), v.recording(), v.transport(), mode, v.transcode(), v.masks(), o,
                v.subStream() == null ? null : new SubStream(v.subStream().url(), null, null));
    }

    /**
     * A new or changed policy override in a camera body is refused (audited): it is the admin's to set, through
     * {@code /policy-override}. An unchanged one (sent back as GET returned it) passes.
     */
    private void refuseNewOverride(Exchange ex, CameraSpec spec, CameraView existing) {
        PolicyOverride o = spec.policyOverride();
        if (o == null) {
            return;
        }
        PolicyOverride stored = existing == null ? null : existing.policyOverride();
        if (stored != null && stored.reason().equals(o.reason())) {
            return;
        }
        audit.denied(ex.auditContext(), "policy.override", "camera", spec.id(), "admin_only").join();
        throw new ApiException(403, "forbidden", "policyOverride", "a policy override is an admin's decision: "
                + "PUT " + BASE + "/{id}/policy-override");
    }

    /** Operators and police see the cameras granted to them; integrators and admins all. */
    private Future<Reply> list(Exchange ex) {
        var user = ex.principal().user();
        return blocking.call(recorder::cameras)
                .map(all -> all.stream().filter(c -> policy.canSee(user, c.id())).toList())
                .map(Reply::ok);
    }

    private Future<Reply> get(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> recorder.camera(id)).map(found -> found.map(Reply::ok)
                .orElseThrow(() -> noSuchCamera(id)));
    }

    private Future<Reply> create(Exchange ex) {
        // The id is known once the body is read (or, when left out, once the recorder made one from the name).
        String[] id = {null};
        return ex.readJson(CameraSpec.class)
                .compose(spec -> {
                    id[0] = spec.id();
                    return blocking.call(() -> {
                        refuseNewOverride(ex, spec, null);
                        String warning = recorder.capacity().warningFor(spec).orElse(null);
                        return new CameraChanged(recorder.addCamera(spec, recordedBeforeEffect(ex, "camera.create")), warning);
                    });
                })
                .map(changed -> Reply.json(201, changed).withHeader("Location", BASE + "/" + changed.camera().id()))
                .recover(t -> failedAudit(ex, "camera.create", id[0], t));
    }

    /**
     * Replacement of the camera's description; a missing password keeps the stored one, since GET never returns it to
     * send back, and so do missing pipeline fields ({@link #keepPipeline}).
     */
    private Future<Reply> replace(Exchange ex) {
        String id = id(ex);
        return ex.readJson(CameraSpec.class)
                .map(spec -> {
                    if (spec.id() != null && !spec.id().equals(id)) {
                        throw ApiException.badRequest("invalid_field", "id",
                                "the id in the body must match the id in the path (or be left out); "
                                        + "a camera cannot be renamed");
                    }
                    return spec.withId(id);
                })
                .compose(spec -> blocking.call(() -> {
                    CameraView stored = recorder.camera(id).orElse(null);
                    CameraSpec kept = keepPipeline(spec, stored);
                    refuseNewOverride(ex, kept, stored);
                    refuseRegimeChange(ex, kept, stored);
                    String warning = recorder.capacity().warningFor(kept).orElse(null);
                    return new CameraChanged(recorder.updateCamera(id, kept, recordedBeforeEffect(ex, "camera.update")),
                            warning);
                }))
                .map(Reply::ok)
                .recover(t -> failedAudit(ex, "camera.update", id, t));
    }

    /**
     * The pipeline fields a body leaves out ({@code mode}, {@code transcode}, {@code masks}, {@code policyOverride})
     * keep their stored values: they are privacy and policy decisions, and a client that edits a camera's
     * description (an older script, a form) must not silently switch an administrator's passthrough override back
     * to transcode, nor drop the masks that hide a neighbour's window. Sent explicitly, they replace (masks: [] clears;
     * mode transcode ends an override, audited). The override is kept only while the camera stays in passthrough.
     */
    static CameraSpec keepPipeline(CameraSpec spec, CameraView stored) {
        if (stored == null) {
            return spec;
        }
        PipelineMode mode = spec.mode() != null ? spec.mode() : stored.mode();
        PolicyOverride override = spec.policyOverride() != null ? spec.policyOverride()
                : mode == PipelineMode.passthrough ? stored.policyOverride() : null;
        return spec.withPipeline(mode, spec.transcode() != null ? spec.transcode() : stored.transcode(),
                spec.masks() != null ? spec.masks() : stored.masks(), override);
    }

    /** The recorder asks before it touches anything: a removed camera (its pipeline, its viewers) is not undone. */
    private Future<Reply> remove(Exchange ex) {
        String id = id(ex);
        return blocking.call(() -> {
            recorder.removeCamera(id, recordedBeforeEffect(ex, "camera.delete"));
            return Reply.noContent();
        }).recover(t -> failedAudit(ex, "camera.delete", id, t));
    }

    /** The change's entries, durable before the recorder lets the change take effect ({@link PipelineAudit}). */
    private ChangeApproval recordedBeforeEffect(Exchange ex, String action) {
        return PipelineAudit.recordedBeforeEffect(audit, ex.auditContext(), action);
    }

    /** An override set or taken away: the override's entries (and a mode change's), by the admin who asked. */
    private ChangeApproval overrideEntries(Exchange ex) {
        return new PipelineAudit(audit, ex.auditContext(), ChangeApproval.NONE);
    }

    /** A failed probe is still a 200: the probe worked, the camera did not, and the body says why. */
    private Future<Reply> probe(Exchange ex) {
        String id = id(ex);
        long start = clock.millis();
        return blocking.call(() -> {
            CameraView camera = recorder.camera(id).orElseThrow(() -> new NoSuchCameraException(id));
            return java.util.Map.entry(camera.legalRegime(), recorder.probe(id));
        }).compose(r -> {
            ProbeResult p = r.getValue();
            String detail = p.ok() ? "codec=" + p.codec() : "problem=" + p.problem();
            return Future.fromCompletionStage(audit.cameraProbed(ex.auditContext(), id, r.getKey(), start, p.ok(), detail))
                    .map(e -> Reply.ok(p));
        }, t -> failedAudit(ex, "camera.probe", id, t));
    }

    private Future<Reply> recordings(Exchange ex) {
        String id = id(ex);
        TimeRange range = TimeRange.parse(ex.query("from"), ex.query("to"), clock.instant());
        return blocking.call(() -> recorder.recordings(id, range.from(), range.to())).map(Reply::ok);
    }

    /** A change or probe that failed is audited as such ({@link PipelineAudit#failed}); the request fails as before. */
    private Future<Reply> failedAudit(Exchange ex, String action, String id, Throwable t) {
        return PipelineAudit.failed(audit, ex.auditContext(), action, id, t);
    }

    private static String id(Exchange ex) {
        String id = ex.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw noSuchCamera(id);
        }
        return id;
    }

    private static ApiException noSuchCamera(String id) {
        // The id is echoed only when it has the shape of an id: a path segment is attacker-chosen text.
        return ApiException.notFound(ID.matcher(id).matches() ? "no camera with id '" + id + "'" : "no such camera");
    }
}
