package nl.poortwachter.gateway.audit;

import java.util.Set;

/**
 * The log's entries about itself, object {@code audit}/{@code log}: an alarm the gateway raised at start-up (the
 * log is shorter than a signed checkpoint vouches, its chain differs from a checkpoint, its signing key changed) and
 * an administrator's acknowledgement of the alarms before it. They are ordinary entries of the chain, so neither
 * can be removed without verification noticing, and an acknowledgement hides nothing from verification.
 */
public final class LogEvents {
    public static final String OBJECT_TYPE = "audit";
    public static final String OBJECT_ID = "log";
    public static final String ALARM = "audit.alarm";
    public static final String ACKNOWLEDGE = "audit.acknowledge";
    /**
     * What is still written while an alarm stands: logging in and out and changing one's own password (so that an
     * administrator can get in to acknowledge), and the alarm and its acknowledgement. Everything else is refused.
     */
    private static final Set<String> DURING_ALARM = Set.of("auth.login", "auth.logout", "user.password", ALARM,
            ACKNOWLEDGE);

    private LogEvents() {
    }

    static boolean allowedDuringAlarm(String action) {
        return DURING_ALARM.contains(action);
    }

    static boolean isLogEvent(AuditEntry e) {
        return OBJECT_TYPE.equals(e.objectType()) && OBJECT_ID.equals(e.objectId());
    }

    /** The entry of one alarm: by the gateway itself, result {@code error}, detail {@code kind=<kind> <what>}. */
    static AuditEntry alarm(long time, LogAlarm.Problem p) {
        return system(time, ALARM, AuditLog.ERROR, "kind=" + p.kind() + " " + p.message());
    }

    static AuditEntry system(long time, String action, String result, String detail) {
        Actor a = Actor.SYSTEM;
        Origin o = Origin.INTERNAL;
        return new AuditEntry(0, time, a.id(), a.name(), a.role(), action, OBJECT_TYPE, OBJECT_ID, null, null, result,
                o.clientAddress(), o.userAgent(), null, null, TraceContext.root().traceId(), Text.clip(detail, 1000),
                null);
    }

    /** The problem an alarm entry describes (its detail read back). */
    static LogAlarm.Problem problemOf(AuditEntry alarm) {
        String d = alarm.detail() == null ? "" : alarm.detail();
        if (d.startsWith("kind=")) {
            int space = d.indexOf(' ');
            return new LogAlarm.Problem(space < 0 ? d.substring(5) : d.substring(5, space),
                    space < 0 ? "" : d.substring(space + 1));
        }
        return new LogAlarm.Problem("unknown", d);
    }
}
