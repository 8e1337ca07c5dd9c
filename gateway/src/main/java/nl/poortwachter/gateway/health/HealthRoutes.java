package nl.poortwachter.gateway.health;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.poortwachter.gateway.audit.LogAlarm;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.HealthReport;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.capacity.CapacityReport;
import nl.poortwachter.recorder.logging.Log;

/**
 * GET /health for load balancers and monitoring: 200 when storage and index work, 503 otherwise. A check that
 * hangs (a stuck disk) also counts as down, after a few seconds, rather than hanging the monitor.
 */
public final class HealthRoutes {
    private static final Log LOG = Log.of(HealthRoutes.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final Recorder recorder;
    private final Blocking blocking;
    private final Supplier<LogAlarm> auditAlarm;

    /** @param auditAlarm the audit log's standing alarm, or null when it has none */
    public HealthRoutes(Recorder recorder, Blocking blocking, Supplier<LogAlarm> auditAlarm) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.auditAlarm = auditAlarm;
    }

    public void register(Router router) {
        router.get("/health", nl.poortwachter.gateway.http.Access.PUBLIC, this::health);
    }

    private Future<Reply> health(Exchange ex) {
        return blocking.call(() -> reply(recorder.health(), recorder.archive().reserve(), auditAlarm.get(),
                        recorder.capacity().report()))
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .recover(t -> {
                    LOG.warn("health check failed", t, "id", ex.requestId());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", "DOWN");
                    body.put("message", "the health check did not complete; see the server log under id "
                            + ex.requestId());
                    return Future.succeededFuture(Reply.json(503, body));
                });
    }

    static Reply reply(HealthReport report, nl.poortwachter.recorder.retention.ReserveStatus reserve) {
        return reply(report, reserve, null, null);
    }

    /**
     * An audit log alarm (its tail cut, its chain recomputed, its key changed) shows as DEGRADED too, naming the
     * kinds and since when, not the details (they are in the audit log and the gateway's log): the gateway records
     * nothing but logins until an administrator acknowledges it. Still 200, so that the administrator gets in.
     * So do cameras that fell behind or are reduced by the overload policy (not all footage is recorded in time or in
     * full). The capacity section has totals only: /health is public, the cameras are in /api/v1/capacity
     * (docs/decisions.md D42).
     */
    static Reply reply(HealthReport report, nl.poortwachter.recorder.retention.ReserveStatus reserve, LogAlarm alarm,
                       CapacityReport capacity) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean behind = capacity != null && capacity.degradedCameras() > 0;
        body.put("status", !report.healthy() ? "DOWN" : reserve.alarm() || alarm != null || behind ? "DEGRADED" : "UP");
        body.put("storage", report.storage());
        body.put("database", report.database());
        body.put("storageReserve", reserve(reserve));
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("ok", alarm == null);
        if (alarm != null) {
            audit.put("alarm", alarm.kinds());
            audit.put("since", java.time.Instant.ofEpochMilli(alarm.since()).toString());
            audit.put("detail", "the audit log records nothing but logins until an administrator acknowledges the"
                    + " alarm: POST /api/v1/audit/alarm/acknowledge");
        }
        body.put("auditLog", audit);
        if (capacity != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("ok", !behind);
            c.put("cores", capacity.cores());
            c.put("budgetCores", round(capacity.budgetCores()));
            c.put("usedCores", round(capacity.usedCores()));
            c.put("roomCores", round(capacity.roomCores()));
            c.put("degradedCameras", capacity.degradedCameras());
            c.put("overloadPolicy", capacity.overloadPolicy());
            body.put("capacity", c);
        }
        return Reply.json(report.healthy() ? 200 : 503, body);
    }

    static Map<String, Object> reserve(nl.poortwachter.recorder.retention.ReserveStatus reserve) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ok", !reserve.alarm());
        r.put("freeBytes", reserve.freeBytes());
        r.put("floorBytes", reserve.floorBytes());
        r.put("policy", reserve.policy().configName());
        r.put("pausedCameras", reserve.pausedCameras());
        r.put("detail", reserve.detail());
        return r;
    }

    private static double round(double cores) {
        return Math.round(cores * 100) / 100.0;
    }

    static Reply reply(HealthReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.healthy() ? "UP" : "DOWN");
        body.put("storage", report.storage());
        body.put("database", report.database());
        return Reply.json(report.healthy() ? 200 : 503, body);
    }
}
