package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.audit.Purpose;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Instants;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.retention.HoldRequest;
import nl.poortwachter.recorder.retention.LegalHold;
import nl.poortwachter.recorder.retention.PurgeRecord;

/**
 * Legal holds and the proof of deletion.
 * <ul>
 *   <li>{@code GET /api/v1/cameras/{id}/holds[?active=true]} — a camera's holds (who may see when it recorded)</li>
 *   <li>{@code POST /api/v1/cameras/{id}/holds} {@code {from, to, reason, caseNumber?, expiresAt}} — set a hold;
 *       {@code POST .../holds/{hold}/release} {@code {reason}} — release it. Both need the legal-hold permission on
 *       the camera (police on their cameras, admins on all: docs/decisions.md D85) and are written to the audit log
 *       before they take effect (refused with 503 while it cannot write).</li>
 *   <li>{@code GET /api/v1/retention/purges?from&to[&camera]} — what was deleted, when, under which rule (auditor)</li>
 *   <li>{@code POST /api/v1/retention/purge} — run the retention purge now (admin)</li>
 * </ul>
 */
public final class HoldRoutes {
    private static final String BASE = PlaybackRoutes.BASE + "/holds";

    public record HoldBody(String from, String to, String reason, String caseNumber, String expiresAt) {
    }

    public record ReleaseBody(String reason) {
    }

    private final Recorder recorder;
    private final Blocking blocking;
    private final AuditLog audit;
    private final Clock clock;
    private final AccessPolicy policy;
    private final FootageRegimeLookup footage;

    public HoldRoutes(Recorder recorder, Blocking blocking, AuditLog audit, Clock clock, AccessPolicy policy,
                      FootageRegimeLookup footage) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
        this.footage = footage;
    }

    public void register(Router router) {
        router.get(BASE, Access.of(Permission.RECORDINGS_INDEX, "legal_hold.list").camera("id"), this::list)
                // The range is in the body: the guard judges the camera's regime, the endpoint the footage's too.
                .post(BASE, Access.of(Permission.LEGAL_HOLD, "legal_hold.set").camera("id"), this::create)
                .post(BASE + "/{hold}/release", Access.of(Permission.LEGAL_HOLD, "legal_hold.release").camera("id")
                        .footage(Access.Footage.HOLD), this::release)
                .get("/api/v1/retention/purges", Access.of(Permission.AUDIT_READ, "retention.purges"), this::purges)
                .post("/api/v1/retention/purge", Access.of(Permission.POLICY_ADMIN, "retention.purge"), this::purgeNow);
    }

    private Future<Reply> list(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        boolean active = "true".equals(ex.query("active"));
        return blocking.call(() -> Reply.ok(recorder.archive().holds().list(id, active)));
    }

    private Future<Reply> create(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        String requester = ex.principal() == null ? "system" : ex.principal().username();
        AuditContext ctx = ex.auditContext();
        return ex.readJson(HoldBody.class).compose(b -> {
            HoldRequest r = new HoldRequest(id, Instants.required("from", b.from()), Instants.required("to", b.to()),
                    b.reason(), requester, b.caseNumber(), Instants.required("expiresAt", b.expiresAt()));
            return blocking.call(() -> {
                requireFootageAllowed(ex, r);
                LegalHold h = recordedFirst(ctx, "legal_hold.set",
                        approval -> recorder.archive().holds().create(r, approval));
                return Reply.json(201, h).withHeader("Location", "/api/v1/cameras/" + id + "/holds/" + h.id());
            });
        }).recover(ArchiveFailures::map);
    }

    private Future<Reply> release(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        long holdId;
        try {
            holdId = Long.parseLong(ex.pathParam("hold"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no such hold");
        }
        String by = ex.principal() == null ? "system" : ex.principal().username();
        AuditContext ctx = ex.auditContext();
        return ex.readJson(ReleaseBody.class).compose(b -> blocking.call(() -> {
            LegalHold existing = recorder.archive().holds().hold(holdId).filter(h -> h.cameraId().equals(id))
                    .orElseThrow(() -> ApiException.notFound("no such hold"));
            if (existing.releasedAt() != null) {
                throw new ApiException(409, "already_released", null, "the hold was released at " + existing.releasedAt());
            }
            LegalHold h = recordedFirst(ctx, "legal_hold.release",
                    approval -> recorder.archive().holds().release(holdId, by, b.reason(), approval)).orElseThrow();
            return Reply.ok(h);
        })).recover(ArchiveFailures::map);
    }

    /**
     * A hold is set on footage, and judged by the regimes that footage was recorded under (D47) with the hold
     * permission (D85): today police on their cameras and administrators may hold footage of any regime, but a
     * rule that depends on the regime must see the footage's, not the camera's current one. Refused with 403 and a
     * denied entry (worker thread).
     */
    private void requireFootageAllowed(Exchange ex, HoldRequest r) {
        String denial = policy.denialByRegimes(ex.principal().user(), Permission.LEGAL_HOLD, r.cameraId(),
                footage.regimes(r.cameraId(), r.from(), r.to()));
        if (denial != null) {
            Durable.await(audit.denied(ex.auditContext(), "legal_hold.set", "camera", r.cameraId(), denial));
            throw new ApiException(403, "forbidden", null, "your role or camera grants do not allow this");
        }
    }

    /**
     * A hold change whose entry is durable before the recorder stores it: the recorder checks the change, then
     * offers it (a new hold with its id, or the hold as released) and stores it only once the entry is written.
     * While the log cannot write, the request fails with 503 and no hold is set or released.
     */
    private <T> T recordedFirst(AuditContext ctx, String action, Function<Consumer<LegalHold>, T> change) {
        return EntryFirst.approved(change,
                h -> audit.legalHold(ctx, action, h.cameraId(), h.from(), h.to(), purpose(h), detail(h)),
                h -> audit.legalHoldFailed(ctx, action, h.cameraId(), h.from(), h.to(), purpose(h), detail(h)));
    }

    private Future<Reply> purges(Exchange ex) {
        Instant to = Instants.optional("to", ex.query("to"));
        Instant end = to == null ? clock.instant().plusSeconds(1) : to;
        Instant from = Instants.optional("from", ex.query("from"));
        Instant start = from == null ? end.minus(java.time.Duration.ofDays(31)) : from;
        String camera = ex.query("camera");
        return blocking.call(() -> {
            java.util.List<PurgeRecord> list = recorder.archive().purges(camera, start, end, 1000);
            return Reply.ok(list);
        });
    }

    private Future<Reply> purgeNow(Exchange ex) {
        return blocking.call(() -> Reply.ok(recorder.archive().purgeNow()));
    }

    /**
     * A hold's reason is the purpose of keeping the footage, a release's reason that of letting it go; the audit
     * log takes it in that field.
     */
    private static Purpose purpose(LegalHold h) {
        String reason = h.releasedAt() == null ? h.reason() : h.releaseReason();
        String problem = Purpose.problem(reason, h.caseNumber());
        return problem == null ? Purpose.of(reason, h.caseNumber()) : new Purpose(reason, null);
    }

    private static String detail(LegalHold h) {
        return h.releasedAt() == null ? "hold_id=" + h.id() + " expires=" + h.expiresAt() : "hold_id=" + h.id();
    }
}
