package nl.poortwachter.gateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The audit hooks: one method per kind of access event, each writing exactly one entry (and, where personal data
 * in footage is processed, one processing-log line in the same commit). Every future completes once the entry is
 * on disk; callers answer the request only then, and refuse the action when it fails
 * ({@link AuditUnavailableException}): no footage without a trace.
 *
 * <p>The recorder cannot call the gateway: it reports mode, mask and override changes to the hooks of the
 * {@code ChangeApproval} the request passes with the change (see {@code PipelineAudit}, which carries the request's
 * actor), and retention deletions through a listener of its own that the gateway connects to
 * {@link #retentionDeleted}.
 */
public final class AuditLog {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String DENIED = "denied";
    public static final String ERROR = "error";
    /** The action of a deletion by retention (footage purged, export copy expired). */
    public static final String RETENTION_DELETE = "retention.delete";

    private final AuditWriter writer;
    private final Clock clock;
    private final ProcessingLines processingLines;

    /**
     * @param activityOfRegime the processing activity (register URI) of a legal regime id
     * @param resource         the gateway's identity for the processing log ({@code name}, {@code version})
     */
    public AuditLog(AuditWriter writer, Clock clock, Function<String, String> activityOfRegime,
                    Map<String, String> resource) {
        this.writer = writer;
        this.clock = clock;
        this.processingLines = new ProcessingLines(activityOfRegime, resource);
    }

    // ---- authentication ---------------------------------------------------------------------------------------

    public CompletableFuture<AuditEntry> loginSucceeded(AuditContext ctx, String sessionRef) {
        return write(entry(ctx, "auth.login", "session", sessionRef, null, null, OK, null, null));
    }

    /** @param reason {@code bad_credentials} or {@code locked}; the same whether or not the user exists */
    public CompletableFuture<AuditEntry> loginFailed(AuditContext ctx, String reason) {
        return write(entry(ctx, "auth.login", null, null, null, null,
                reason.equals("locked") ? DENIED : FAILED, null, "reason=" + reason));
    }

    public CompletableFuture<AuditEntry> logout(AuditContext ctx, String sessionRef) {
        return write(entry(ctx, "auth.logout", "session", sessionRef, null, null, OK, null, null));
    }

    public CompletableFuture<AuditEntry> passwordChanged(AuditContext ctx, String username, boolean byAdmin) {
        return write(entry(ctx, "user.password", "user", username, null, null, OK, null,
                byAdmin ? "by=admin must_change=true" : "by=self"));
    }

    /**
     * A password reset on the box itself ({@code reset-admin-password}, with the gateway stopped): no user made it, so
     * the actor is the system, and the detail says how.
     */
    public CompletableFuture<AuditEntry> passwordResetOnTheBox(String username) {
        return write(entry(AuditContext.system(), "user.password", "user", username, null, null, OK, null,
                "by=reset-admin-password must_change=true"));
    }

    // ---- footage -----------------------------------------------------------------------------------------------

    /** A live view that has started; {@link LiveView#end()} writes its end with the duration. */
    public final class LiveView {
        private final AuditContext ctx;
        private final String cameraId;
        private final String regime;
        private final Purpose purpose;
        private final String purposeDetail;
        private final long startMillis;
        private final AtomicBoolean ended = new AtomicBoolean();

        private LiveView(AuditContext ctx, String cameraId, String regime, Purpose purpose, String purposeDetail,
                         long startMillis) {
            this.ctx = ctx;
            this.cameraId = cameraId;
            this.regime = regime;
            this.purpose = purpose;
            this.purposeDetail = purposeDetail;
            this.startMillis = startMillis;
        }

        /** Idempotent: the viewer closing and the server stopping may both call it; only the first writes. */
        public CompletableFuture<AuditEntry> end() {
            if (!ended.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            long now = clock.millis();
            long duration = now - startMillis;
            AuditEntry e = entryAt(now, ctx, "live.end", "camera", cameraId, startMillis, now, OK, purpose,
                    "duration_ms=" + duration + (purposeDetail == null ? "" : " " + purposeDetail));
            return write(e, processingLines.processing(ctx.trace(), "live.view", cameraId, regime, startMillis, now, "Ok", null));
        }

        public long startMillis() {
            return startMillis;
        }
    }

    public CompletableFuture<LiveView> liveStarted(AuditContext ctx, String cameraId, String regime, Purpose purpose) {
        return liveStarted(ctx, cameraId, regime, purpose, false, null);
    }

    /**
     * @param defaultPurpose the viewer stated no purpose and the configured default was recorded: both entries of the
     *                       view say so ({@code purpose=default}), so the log tells a stated purpose from a filled-in one
     * @param nodes          in a cluster, which node serves the view and which records the camera
     *                       ({@code served_by=node-b recorded_by=node-a}, D76), in both entries; null on one node
     */
    public CompletableFuture<LiveView> liveStarted(AuditContext ctx, String cameraId, String regime, Purpose purpose,
                                                   boolean defaultPurpose, String nodes) {
        return liveStarted(ctx, cameraId, regime, purpose, defaultPurpose, false, nodes);
    }

    /** @param subStream the camera's sub-stream is served (D89): both entries say {@code stream=sub} */
    public CompletableFuture<LiveView> liveStarted(AuditContext ctx, String cameraId, String regime, Purpose purpose,
                                                   boolean defaultPurpose, boolean subStream, String nodes) {
        long now = clock.millis();
        String detail = Text.joined(defaultPurpose ? "purpose=default" : null, subStream ? "stream=sub" : null, nodes);
        return write(entryAt(now, ctx, "live.start", "camera", cameraId, now, null, OK, purpose, detail))
                .thenApply(e -> new LiveView(ctx, cameraId, regime, purpose, detail, now));
    }

    /**
     * Playback of {@code [from, to)}: the range actually delivered (all its media URLs can reach), not the one asked
     * for; {@code detail} e.g. {@code requested=<from>/<to> media_until=<instant>}.
     *
     * @param regimes the legal regimes the delivered footage was recorded under (D47): one processing-log line each
     */
    public CompletableFuture<AuditEntry> playback(AuditContext ctx, String cameraId, Collection<String> regimes,
                                                  Instant from, Instant to, Purpose purpose, DataSubject subject,
                                                  String detail) {
        long now = clock.millis();
        return write(entry(ctx, "playback", "camera", cameraId, from.toEpochMilli(), to.toEpochMilli(), OK, purpose,
                detail), processingLines.perRegime(ctx.trace(), "recording.playback", cameraId, regimes, now, subject));
    }

    /**
     * @param regimes the legal regimes the exported footage was recorded under (D47): one processing-log line each
     * @param detail  e.g. {@code export_id=... sha256=...}
     */
    public CompletableFuture<AuditEntry> export(AuditContext ctx, String cameraId, Collection<String> regimes,
                                                Instant from, Instant to, Purpose purpose, DataSubject subject,
                                                String detail) {
        long now = clock.millis();
        return write(entry(ctx, "export", "camera", cameraId, from.toEpochMilli(), to.toEpochMilli(), OK, purpose,
                detail), processingLines.perRegime(ctx.trace(), "recording.export", cameraId, regimes, now, subject));
    }

    // ---- cameras and policies -----------------------------------------------------------------------------------

    /** @param action {@code camera.create}, {@code camera.update}, {@code camera.delete} */
    public CompletableFuture<AuditEntry> camera(AuditContext ctx, String action, String cameraId, String result,
                                                String detail) {
        return write(entry(ctx, action, "camera", cameraId, null, null, result, null, detail));
    }

    /** A probe connects to the camera and decodes its video: a processing of footage in its own right. */
    public CompletableFuture<AuditEntry> cameraProbed(AuditContext ctx, String cameraId, String regime,
                                                      long startMillis, boolean ok, String detail) {
        long now = clock.millis();
        return write(entry(ctx, "camera.probe", "camera", cameraId, null, null, ok ? OK : FAILED, null, detail),
                processingLines.processing(ctx.trace(), "camera.probe", cameraId, regime, startMillis, now, ok ? "Ok" : "Error", null));
    }

    /**
     * A still picture of a camera was decoded and handed to the caller (for drawing privacy masks): footage, so an
     * entry and a processing-log line, written before the picture goes out.
     */
    public CompletableFuture<AuditEntry> cameraPicture(AuditContext ctx, String cameraId, String regime,
                                                       long startMillis) {
        long now = clock.millis();
        return write(entry(ctx, "camera.picture", "camera", cameraId, now, now, OK, null, null),
                processingLines.processing(ctx.trace(), "camera.picture", cameraId, regime, startMillis, now, "Ok", null));
    }

    public CompletableFuture<AuditEntry> modeChanged(AuditContext ctx, String cameraId, String from, String to) {
        return write(entry(ctx, "camera.mode", "camera", cameraId, null, null, OK, null, "from=" + from + " to=" + to));
    }

    /**
     * An admin changed the legal regime a camera records under. Footage recorded before keeps its regime; the entry
     * names both, and why.
     */
    public CompletableFuture<AuditEntry> regimeChanged(AuditContext ctx, String cameraId, String from, String to,
                                                       String reason) {
        return write(entry(ctx, "camera.regime", "camera", cameraId, null, null, OK, null,
                "from=" + from + " to=" + to + " reason=" + Text.clip(reason, 500)));
    }

    /** @param detail e.g. {@code masks=3} (the masks themselves are in the camera's configuration) */
    public CompletableFuture<AuditEntry> maskChanged(AuditContext ctx, String cameraId, String detail) {
        return write(entry(ctx, "camera.masks", "camera", cameraId, null, null, OK, null, detail));
    }

    /** An admin overriding a policy (e.g. passthrough for a vendor that policy does not trust), with the reason. */
    public CompletableFuture<AuditEntry> policyOverride(AuditContext ctx, String cameraId, String policy,
                                                        String reason) {
        return write(entry(ctx, "policy.override", "camera", cameraId, null, null, OK, null,
                "policy=" + policy + (reason == null ? "" : " reason=" + Text.clip(reason, 300))));
    }

    /** The override was taken away: the camera runs under the policy again. */
    public CompletableFuture<AuditEntry> policyOverrideRemoved(AuditContext ctx, String cameraId, String policy) {
        return write(entry(ctx, "policy.override", "camera", cameraId, null, null, OK, null,
                "policy=" + policy + " override=removed"));
    }

    // ---- the camera register and ONVIF ---------------------------------------------------------------------------

    /**
     * A register change or export: {@code register.create}, {@code register.update}, {@code register.delete},
     * {@code register.import} (the file as a whole), {@code register.export}.
     *
     * @param key    the entry's natural key, or null for the register as a whole
     * @param detail the changed fields and their new values (never credentials: the register holds none, and a
     *               stream address is named, not shown)
     */
    public CompletableFuture<AuditEntry> register(AuditContext ctx, String action, String key, String result,
                                                  String detail) {
        return write(entry(ctx, action, "register", key, null, null, result, null, detail));
    }

    /**
     * The gateway spoke ONVIF: {@code onvif.discover} (probes sent into the camera networks), {@code onvif.inspect}
     * (a device asked about itself with the credentials given).
     *
     * @param device the device service address, or null for a discovery
     */
    public CompletableFuture<AuditEntry> onvif(AuditContext ctx, String action, String device, String result,
                                               String detail) {
        return write(entry(ctx, action, "device", device, null, null, result, null, detail));
    }

    // ---- users --------------------------------------------------------------------------------------------------

    /** @param action {@code user.create}, {@code user.update}, {@code user.delete} */
    public CompletableFuture<AuditEntry> userChanged(AuditContext ctx, String action, String username, String result,
                                                     String detail) {
        return write(entry(ctx, action, "user", username, null, null, result, null, detail));
    }

    /** A user change whose entry was written before it ({@link EntryFirst}) failed after all: it was not made. */
    public CompletableFuture<AuditEntry> userChangeFailed(AuditContext ctx, String action, String username) {
        return write(entry(ctx, action, "user", username, null, null, ERROR, null, null));
    }

    /** @param action {@code group.update} (made or changed: its name and cameras in the detail) or {@code group.delete} */
    public CompletableFuture<AuditEntry> groupChanged(AuditContext ctx, String action, String groupId, String result,
                                                      String detail) {
        return write(entry(ctx, action, "group", groupId, null, null, result, null, detail));
    }

    public CompletableFuture<AuditEntry> grantsChanged(AuditContext ctx, String username, List<String> grants) {
        return write(entry(ctx, "user.grants", "user", username, null, null, OK, null,
                "cameras=" + String.join(",", grants)));
    }

    // ---- retention and holds ---------------------------------------------------------------------------------------

    /**
     * The gateway deleted footage (or an export copy of it) whose retention period ended, at {@code deletedAt}. A
     * deletion does not wait for the audit log, so its entry may be written later (after an outage or a restart):
     * the entry's time is when the footage went, not when the entry was written; its sequence number shows the
     * latter.
     */
    public CompletableFuture<AuditEntry> retentionDeleted(String cameraId, String regime, Instant from, Instant to,
                                                          Instant deletedAt, String detail) {
        AuditContext ctx = AuditContext.system();
        long at = deletedAt.toEpochMilli();
        return write(entryAt(at, ctx, RETENTION_DELETE, "camera", cameraId, from.toEpochMilli(), to.toEpochMilli(),
                OK, null, detail), processingLines.processing(ctx.trace(), "recording.delete", cameraId, regime, at, at, "Ok", null));
    }

    /**
     * The overload policy (docs/decisions.md D42) changed how a camera is recorded: {@code recording.reduced} (from now
     * on at its key frames only) or {@code recording.restored} (in full again). A change of the footage kept, so an
     * entry with the system as actor, and a processing-log line under the camera's regime.
     */
    public CompletableFuture<AuditEntry> recordingReduced(String cameraId, String regime, boolean reduced, String detail) {
        AuditContext ctx = AuditContext.system();
        long now = clock.millis();
        String action = reduced ? "recording.reduced" : "recording.restored";
        return write(entryAt(now, ctx, action, "camera", cameraId, now, null, OK, null, detail),
                processingLines.processing(ctx.trace(), action, cameraId, regime, now, now, "Ok", null));
    }

    /** @param action {@code legal_hold.set} or {@code legal_hold.release} */
    public CompletableFuture<AuditEntry> legalHold(AuditContext ctx, String action, String cameraId, Instant from,
                                                   Instant to, Purpose reason, String detail) {
        return legalHold(ctx, action, cameraId, from, to, reason, OK, detail);
    }

    /** A hold change whose entry was written before it ({@link EntryFirst}) failed after all: it was not made. */
    public CompletableFuture<AuditEntry> legalHoldFailed(AuditContext ctx, String action, String cameraId,
                                                         Instant from, Instant to, Purpose reason, String detail) {
        return legalHold(ctx, action, cameraId, from, to, reason, ERROR, detail);
    }

    private CompletableFuture<AuditEntry> legalHold(AuditContext ctx, String action, String cameraId, Instant from,
                                                    Instant to, Purpose reason, String result, String detail) {
        return write(entry(ctx, action, "camera", cameraId, from.toEpochMilli(), to.toEpochMilli(), result, reason,
                detail));
    }

    // ---- refusals and the log itself -----------------------------------------------------------------------------

    /** A request refused by authorisation (403). {@code action} is what the route would have done. */
    public CompletableFuture<AuditEntry> denied(AuditContext ctx, String action, String objectType, String objectId,
                                                String reason) {
        return write(entry(ctx, action, objectType, objectId, null, null, DENIED, null, "reason=" + reason));
    }

    /** An auditor took a copy of (part of) the log: it holds personal data of employees. */
    public CompletableFuture<AuditEntry> auditExported(AuditContext ctx, String format, int entries) {
        return write(entry(ctx, "audit.export", "audit", null, null, null, OK, null,
                "format=" + format + " entries=" + entries));
    }

    /** The alarm that stands (the log records nothing but logins until it is acknowledged), or null. */
    public LogAlarm alarm() {
        return writer.alarm();
    }

    /**
     * An administrator acknowledges the standing alarm: an entry of its own naming what was acknowledged and why.
     * Once it is durable the log records again; verification still reports what the alarm was about.
     */
    public CompletableFuture<AuditEntry> acknowledgeAlarm(AuditContext ctx, LogAlarm alarm, String reason) {
        String kinds = String.join(",", alarm.kinds());
        return write(entry(ctx, LogEvents.ACKNOWLEDGE, LogEvents.OBJECT_TYPE, LogEvents.OBJECT_ID, null, null, OK,
                null, "alarms=" + kinds + " since=" + Instant.ofEpochMilli(alarm.since()) + " reason="
                        + Text.clip(reason, 500)));
    }

    /** An export of another of the auditor's logs, e.g. {@code processing}: named in the detail. */
    public CompletableFuture<AuditEntry> auditExported(AuditContext ctx, String log, String format, int entries) {
        return write(entry(ctx, "audit.export", "audit", null, null, null, OK, null,
                "log=" + log + " format=" + format + " entries=" + entries));
    }

    public CompletableFuture<Void> checkpointNow() {
        return writer.checkpointNow();
    }

    // ---- building entries -----------------------------------------------------------------------------------------

    private AuditEntry entry(AuditContext ctx, String action, String objectType, String objectId, Long from, Long to,
                             String result, Purpose purpose, String detail) {
        return entryAt(clock.millis(), ctx, action, objectType, objectId, from, to, result, purpose, detail);
    }

    private AuditEntry entryAt(long time, AuditContext ctx, String action, String objectType, String objectId, Long from,
                               Long to, String result, Purpose purpose, String detail) {
        Actor a = ctx.actor();
        Origin o = ctx.origin();
        return new AuditEntry(0, time, a.id(), a.name(), a.role(), action, objectType,
                Text.clip(objectId, 128), from, to, result, o.clientAddress(), o.userAgent(),
                purpose == null ? null : purpose.text(), purpose == null ? null : purpose.caseNumber(),
                ctx.trace().traceId(), Text.clip(detail, 1000), null);
    }

    private CompletableFuture<AuditEntry> write(AuditEntry e) {
        return writer.append(e, List.of());
    }

    private CompletableFuture<AuditEntry> write(AuditEntry e, ProcessingRecord p) {
        return writer.append(e, List.of(p));
    }

    private CompletableFuture<AuditEntry> write(AuditEntry e, List<ProcessingRecord> lines) {
        return writer.append(e, lines);
    }
}
