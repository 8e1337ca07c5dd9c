package nl.poortwachter.recorder.retention;

/** What happens when free space falls under the configured floor. */
public enum ReservePolicy {
    /** Delete the oldest footage that is not on hold, across all cameras, until the floor is cleared. */
    DELETE_OLDEST,
    /** Stop recording the configured lowest-priority cameras, one per check, until space stops shrinking. */
    STOP_CAMERAS;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ReservePolicy parse(String s) {
        for (ReservePolicy p : values()) {
            if (p.configName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown reserve policy '" + s + "'; known: delete-oldest, stop-cameras");
    }
}
