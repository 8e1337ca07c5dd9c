package nl.poortwachter.gateway.audit;

/** The audit log could not record an action; the action must then be refused (no footage without a trace). */
public final class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(Throwable cause) {
        super("the audit log is unavailable", cause);
    }
}
