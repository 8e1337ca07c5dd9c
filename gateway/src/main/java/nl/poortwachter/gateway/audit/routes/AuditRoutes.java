package nl.poortwachter.gateway.audit.routes;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditCsv;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditQuery;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.ChainVerifier;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.gateway.audit.LogAlarm;
import nl.poortwachter.gateway.audit.LogEvents;
import nl.poortwachter.gateway.audit.ProcessingRecord;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Instants;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.json.Mappers;

/**
 * The auditor's API under /api/v1/audit: search the audit log, export it (CSV, JSON), verify it (optionally against
 * checkpoints kept outside and pinned keys), fetch the signed checkpoints and the public key (PEM, and its
 * fingerprint with every key that signed this log), and read and export the processing log. Searches take a
 * substring filter {@code q} besides the exact ones. Only the auditor role holds {@link Permission#AUDIT_READ}.
 * Exports are themselves audited: the log holds personal data of employees. An administrator acknowledges an alarm
 * of the log ({@link Permission#AUDIT_ADMIN}).
 */
public final class AuditRoutes {
    public static final String BASE = "/api/v1/audit";
    public static final int MAX_PAGE = 1000;
    public static final int MAX_EXPORT = 100_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:*-]{1,128}");
    private static final Pattern TRACE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    /** What fits the API's 64 KiB body; a longer copy is checked offline ({@code VerifyAudit}). */
    private static final int MAX_EXTERNAL_CHECKPOINTS = 200;
    private static final int MAX_TEXT = 200;

    /**
     * Optional body of verify: a checkpoint the auditor saved earlier (or several, e.g. from an anchor's copy),
     * checked along with the stored ones, and the fingerprints of the keys the auditor trusts (hex SHA-256 of the
     * public key, as {@code GET /signing-key} and the auditor's guide show it): then only checkpoints signed by a
     * pinned key count, and a gateway signing with another key fails.
     */
    public record VerifyRequest(Checkpoint checkpoint, List<Checkpoint> checkpoints, List<String> pinnedKeys) {
    }

    /** Body of an alarm's acknowledgement: why the administrator lets the log record again. */
    public record AcknowledgeRequest(String reason) {
    }

    private final AuditStore store;
    private final SigningKey key;
    private final AuditLog audit;
    private final Blocking blocking;

    public AuditRoutes(AuditStore store, SigningKey key, AuditLog audit, Blocking blocking) {
        this.store = store;
        this.key = key;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void register(Router router) {
        router.get(BASE + "/entries", Access.of(Permission.AUDIT_READ, "audit.search"), this::entries)
                .get(BASE + "/export", Access.of(Permission.AUDIT_READ, "audit.export"), this::export)
                .post(BASE + "/verify", Access.of(Permission.AUDIT_READ, "audit.verify"), this::verify)
                .get(BASE + "/checkpoints", Access.of(Permission.AUDIT_READ, "audit.checkpoints"), this::checkpoints)
                .get(BASE + "/public-key", Access.of(Permission.AUDIT_READ, "audit.public_key"), this::publicKey)
                .get(BASE + "/signing-key", Access.of(Permission.AUDIT_READ, "audit.public_key"), this::signingKey)
                .post(BASE + "/alarm/acknowledge", Access.of(Permission.AUDIT_ADMIN, LogEvents.ACKNOWLEDGE),
                        this::acknowledge)
                .get(BASE + "/processing", Access.of(Permission.AUDIT_READ, "audit.processing"), this::processing)
                .get(BASE + "/processing/export", Access.of(Permission.AUDIT_READ, "audit.export"),
                        this::exportProcessing);
    }

    private Future<Reply> entries(Exchange ex) {
        AuditQuery q = query(ex, limit(ex, 100, MAX_PAGE), false);
        return blocking.call(() -> store.query(q)).map(list -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("entries", list);
            body.put("next", list.size() == q.limit() ? list.get(list.size() - 1).seq() : null);
            return Reply.ok(body);
        });
    }

    private Future<Reply> export(Exchange ex) {
        String format = format(ex);
        AuditQuery q = query(ex, MAX_EXPORT, true);
        return blocking.call(() -> {
            List<AuditEntry> list = store.query(q);
            byte[] body = format.equals("csv") ? AuditCsv.write(list).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : Mappers.JSON_OUT.writeValueAsBytes(list);
            return Map.entry(list.size(), body);
        }).compose(r -> Future.fromCompletionStage(audit.auditExported(ex.auditContext(), format, r.getKey()))
                .map(e -> download(format, "audit-log", r.getKey(), r.getValue())));
    }

    private Future<Reply> verify(Exchange ex) {
        String length = ex.header("Content-Length");
        boolean noBody = ex.header("Transfer-Encoding") == null && (length == null || length.strip().equals("0"));
        Future<VerifyRequest> body = noBody ? Future.succeededFuture(new VerifyRequest(null, null, null))
                : ex.readJson(VerifyRequest.class);
        PublicKey pk = key.publicKey();
        return body.compose(req -> {
            List<Checkpoint> external = new ArrayList<>();
            if (req.checkpoint() != null) {
                external.add(req.checkpoint());
            }
            if (req.checkpoints() != null) {
                if (req.checkpoints().size() > MAX_EXTERNAL_CHECKPOINTS) {
                    throw ApiException.badRequest("invalid_field", "checkpoints", "at most " + MAX_EXTERNAL_CHECKPOINTS
                            + " checkpoints; check a longer anchor copy with VerifyAudit (docs/auditor-guide.md)");
                }
                req.checkpoints().stream().filter(java.util.Objects::nonNull).forEach(external::add);
            }
            for (Checkpoint c : external) {
                if (c.hash() == null || c.keyId() == null || c.signature() == null) {
                    throw ApiException.badRequest("invalid_field", "checkpoint", "a checkpoint needs seq, hash, "
                            + "timeMillis, keyId and signature");
                }
            }
            Set<String> pins = new HashSet<>();
            for (String p : req.pinnedKeys() == null ? List.<String>of() : req.pinnedKeys()) {
                if (p == null || !FINGERPRINT.matcher(p.strip().toLowerCase(java.util.Locale.ROOT)).matches()) {
                    throw ApiException.badRequest("invalid_field", "pinnedKeys", "a pinned key is the SHA-256 "
                            + "fingerprint of its public key: 64 hex characters");
                }
                pins.add(p.strip().toLowerCase(java.util.Locale.ROOT));
            }
            return blocking.call(() -> new ChainVerifier(store, pk).verify(external, pins));
        }).map(Reply::ok);
    }

    /**
     * The key checkpoints (and export manifests) are signed with now: its id (as in each checkpoint) and its SHA-256
     * fingerprint, to compare and pin; and every key that signed this log's checkpoints before.
     */
    private Future<Reply> signingKey(Exchange ex) {
        return blocking.call(store::signingKeys).map(keys -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("algorithm", "Ed25519");
            body.put("keyId", key.keyId());
            body.put("sha256", key.fingerprint());
            body.put("publicKeyPem", key.publicKeyPem());
            body.put("keys", keys.stream().map(k -> Map.of("keyId", k.keyId(), "sha256", k.fingerprint(),
                    "firstUsed", java.time.Instant.ofEpochMilli(k.firstUsedMillis()).toString())).toList());
            return Reply.ok(body);
        });
    }

    /**
     * An administrator lets the log record again after an alarm. The acknowledgement is an entry of its own; it
     * hides nothing from verification, which still names the missing entries or the foreign key.
     */
    private Future<Reply> acknowledge(Exchange ex) {
        return ex.readJson(AcknowledgeRequest.class).compose(r -> {
            if (r.reason() == null || r.reason().strip().length() < 10 || r.reason().length() > 500) {
                throw ApiException.badRequest("invalid_field", "reason", "'reason' must be 10-500 characters: what "
                        + "was found and why the log may go on");
            }
            LogAlarm alarm = audit.alarm();
            if (alarm == null) {
                throw new ApiException(409, "no_alarm", null, "the audit log has no alarm to acknowledge");
            }
            return Future.fromCompletionStage(audit.acknowledgeAlarm(ex.auditContext(), alarm, r.reason().strip()))
                    .map(e -> Reply.ok(Map.of("acknowledged", alarm.problems(), "seq", e.seq())));
        });
    }

    private Future<Reply> checkpoints(Exchange ex) {
        return blocking.call(store::checkpoints).map(Reply::ok);
    }

    private Future<Reply> publicKey(Exchange ex) {
        return Future.succeededFuture(Reply.of(200, "application/x-pem-file", Buffer.buffer(key.publicKeyPem()))
                .withHeader("Content-Disposition", "attachment; filename=\"poortwachter-audit-" + key.keyId() + ".pub\""));
    }

    private Future<Reply> processing(Exchange ex) {
        ProcessingFilter f = processingFilter(ex, limit(ex, 1000, MAX_EXPORT));
        return blocking.call(() -> store.processing(f.trace(), f.text(), f.from(), f.to(), f.limit()))
                .map(list -> Reply.ok(list.stream().map(AuditRoutes::ldv).toList()));
    }

    /** What the auditor filtered of the processing log, as CSV or JSON (the LDV field names); itself audited. */
    private Future<Reply> exportProcessing(Exchange ex) {
        String format = format(ex);
        ProcessingFilter f = processingFilter(ex, MAX_EXPORT);
        return blocking.call(() -> {
            List<ProcessingRecord> list = store.processing(f.trace(), f.text(), f.from(), f.to(), f.limit());
            byte[] body = format.equals("csv")
                    ? AuditCsv.writeProcessing(list).getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : Mappers.JSON_OUT.writeValueAsBytes(list.stream().map(AuditRoutes::ldv).toList());
            return Map.entry(list.size(), body);
        }).compose(r -> Future.fromCompletionStage(audit.auditExported(ex.auditContext(), "processing", format,
                        r.getKey()))
                .map(e -> download(format, "processing-log", r.getKey(), r.getValue())));
    }

    private record ProcessingFilter(String trace, String text, Long from, Long to, int limit) {
    }

    private static ProcessingFilter processingFilter(Exchange ex, int limit) {
        String trace = ex.query("trace");
        if (trace != null && !TRACE.matcher(trace).matches()) {
            throw ApiException.badRequest("invalid_parameter", "trace", "'trace' must be 32 lower-case hex characters");
        }
        return new ProcessingFilter(trace, text(ex), instant(ex, "from"), instant(ex, "to"), limit);
    }

    private static String format(Exchange ex) {
        String format = ex.query("format") == null ? "csv" : ex.query("format");
        if (!format.equals("csv") && !format.equals("json")) {
            throw ApiException.badRequest("invalid_parameter", "format", "'format' must be csv or json");
        }
        return format;
    }

    private static Reply download(String format, String name, int entries, byte[] body) {
        return Reply.of(200, format.equals("csv") ? "text/csv; charset=utf-8" : Reply.JSON, Buffer.buffer(body))
                .withHeader("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"")
                .withHeader("X-Audit-Entries", Integer.toString(entries))
                .withHeader("X-Audit-Truncated", Boolean.toString(entries >= MAX_EXPORT));
    }

    /** {@code q}: a substring to look for (1-200 characters, no control characters), or null. */
    private static String text(Exchange ex) {
        String v = ex.query("q");
        if (v == null || v.isBlank()) {
            return null;
        }
        String t = v.strip();
        if (t.length() > MAX_TEXT || t.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_parameter", "q", "'q' must be at most " + MAX_TEXT
                    + " characters without control characters");
        }
        return t;
    }

    /** A processing line with the field names of the Logboek Dataverwerkingen standard. */
    static Map<String, Object> ldv(ProcessingRecord p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace_id", p.traceId());
        m.put("span_id", p.spanId());
        m.put("parent_span_id", p.parentSpanId());
        m.put("name", p.name());
        m.put("status", p.status());
        m.put("start_time", p.startTime());
        m.put("end_time", p.endTime());
        m.put("resource", p.resource());
        m.put("attributes", p.attributes());
        return m;
    }

    private static AuditQuery query(Exchange ex, int limit, boolean ascending) {
        String before = ex.query("before");
        Long beforeSeq = null;
        if (before != null) {
            try {
                beforeSeq = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid_parameter", "before", "'before' must be a sequence number");
            }
        }
        String result = name(ex, "result");
        return new AuditQuery(name(ex, "user"), name(ex, "camera"), name(ex, "action"), result,
                instant(ex, "from"), instant(ex, "to"), beforeSeq, limit, ascending, text(ex));
    }

    private static String name(Exchange ex, String param) {
        String v = ex.query(param);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!NAME.matcher(v.strip()).matches()) {
            throw ApiException.badRequest("invalid_parameter", param, "'" + param + "' has characters that no "
                    + param + " has");
        }
        return v.strip();
    }

    private static Long instant(Exchange ex, String param) {
        String v = ex.query(param);
        if (v == null || v.isBlank()) {
            return null;
        }
        return Instants.required(param, v).toEpochMilli();
    }

    private static int limit(Exchange ex, int dflt, int max) {
        String v = ex.query("limit");
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", "limit", "'limit' must be between 1 and " + max);
        }
    }
}
