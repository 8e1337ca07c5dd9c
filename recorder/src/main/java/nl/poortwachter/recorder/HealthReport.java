package nl.poortwachter.recorder;

/** Whether storage and the index work; {@code healthy} only if both do. */
public record HealthReport(boolean healthy, Check storage, Check database) {

    public record Check(boolean ok, String detail) {
    }
}
