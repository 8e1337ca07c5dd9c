package nl.poortwachter.gateway.health;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;
import nl.poortwachter.gateway.audit.AuditWriter;
import nl.poortwachter.gateway.audit.LogAlarm;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.json.Mappers;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.HealthReport;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.retention.ReserveStatus;

/**
 * {@code GET /api/v1/status}: what the health page shows an administrator or integrator — storage and database (as
 * {@code /health}), the storage reserve, each camera that is not delivering (offline) or falling behind
 * ({@code degraded}), and whether the audit log writes and signs, or stands in alarm (its tail cut, its chain
 * rewritten, its key changed: D48) with what was found and how an administrator acknowledges it. Unlike
 * {@code /health} it names cameras and the alarm's findings, so it needs a login (admin, integrator: the metrics
 * permission).
 */
public final class StatusRoutes {
    private final Recorder recorder;
    private final Blocking blocking;
    private final Supplier<AuditWriter.Status> audit;
    private final Supplier<LogAlarm> alarm;
    private final Clock clock;

    /** @param alarm the audit log's standing alarm, or null when it has none */
    public StatusRoutes(Recorder recorder, Blocking blocking, Supplier<AuditWriter.Status> audit,
                        Supplier<LogAlarm> alarm, Clock clock) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.audit = audit;
        this.alarm = alarm;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/api/v1/status", Access.of(Permission.METRICS, "status.read"), this::status);
    }

    private Future<Reply> status(Exchange ex) {
        return blocking.call(() -> Reply.ok(body(recorder.health(), recorder.archive().reserve(), recorder.cameras(),
                audit.get(), alarm.get())));
    }

    Map<String, Object> body(HealthReport health, ReserveStatus reserve, List<CameraView> cameras,
                             AuditWriter.Status log, LogAlarm standing) {
        List<Map<String, Object>> offline = new ArrayList<>();
        List<Map<String, Object>> behind = new ArrayList<>();
        int streaming = 0;
        for (CameraView c : cameras) {
            JsonNode status = Mappers.JSON_OUT.valueToTree(c.status());
            String state = status.path("state").asText();
            if (state.equals("streaming")) {
                streaming++;
            } else if (state.equals("degraded")) {
                behind.add(camera(c, status));
            } else if (c.recording()) {
                offline.add(camera(c, status));
            }
        }
        Map<String, Object> cams = new LinkedHashMap<>();
        cams.put("total", cameras.size());
        cams.put("streaming", streaming);
        cams.put("offline", offline);
        cams.put("behind", behind);

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("ok", log.writable());
        a.put("lastSeq", log.lastSeq());
        a.put("lastCheckpointSeq", log.lastCheckpointSeq());
        a.put("lastCheckpoint", log.lastCheckpointMillis() == 0 ? null : Instant.ofEpochMilli(log.lastCheckpointMillis()).toString());
        a.put("unsignedEntries", log.lastSeq() - log.lastCheckpointSeq());
        a.put("failingSince", log.writable() ? null : Instant.ofEpochMilli(log.failingSinceMillis()).toString());
        a.put("queued", log.queued());
        if (standing != null) {
            a.put("alarm", alarm(standing));
        }

        Map<String, Object> body = new LinkedHashMap<>();
        boolean down = !health.healthy() || !log.writable();
        boolean attention = reserve.alarm() || standing != null || !offline.isEmpty() || !behind.isEmpty();
        body.put("status", down ? "DOWN" : attention ? "DEGRADED" : "UP");
        body.put("time", clock.instant().toString());
        body.put("storage", health.storage());
        body.put("database", health.database());
        body.put("storageReserve", HealthRoutes.reserve(reserve));
        body.put("cameras", cams);
        body.put("audit", a);
        return body;
    }

    /**
     * The audit log's alarm as the page shows it: the kinds found and since when (as {@code /health}), each finding
     * in the gateway's words, and what ends it. While it stands the log records nothing but logins (D48), so
     * playback, live views and changes are refused until an administrator acknowledges it.
     */
    private static Map<String, Object> alarm(LogAlarm standing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kinds", standing.kinds());
        m.put("since", Instant.ofEpochMilli(standing.since()).toString());
        m.put("problems", standing.problems());
        m.put("acknowledge", "POST /api/v1/audit/alarm/acknowledge (administrator)");
        return m;
    }

    /**
     * A camera as the page lists it, from its status as the API shows it (the recorder's ingest types are its own:
     * D21); a reason for falling behind is passed on when the status carries one.
     */
    private static Map<String, Object> camera(CameraView c, JsonNode status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("state", status.path("state").asText());
        m.put("since", text(status, "since"));
        m.put("lastError", text(status, "lastError"));
        m.put("lastErrorAt", text(status, "lastErrorAt"));
        String reason = text(status, "degradedReason");
        if (reason != null) {
            m.put("reason", reason);
        }
        return m;
    }

    private static String text(JsonNode status, String field) {
        JsonNode v = status.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
