package nl.poortwachter.gateway.audit;

/** Why the log refused an entry: an alarm stands that an administrator has not acknowledged. */
public final class LogAlarmException extends RuntimeException {
    private final transient LogAlarm alarm;

    public LogAlarmException(LogAlarm alarm) {
        super("the audit log has an alarm that an administrator must acknowledge first: " + alarm.summary());
        this.alarm = alarm;
    }

    public LogAlarm alarm() {
        return alarm;
    }
}
