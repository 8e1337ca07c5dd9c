package nl.poortwachter.recorder.retention;

/**
 * Events the audit log must see. The recorder does not know the gateway's audit log; the gateway implements
 * this and writes an entry per event. Called on the recorder's retention thread (or the caller's thread for
 * holds): implementations must not block for long and must not throw.
 */
public interface RetentionListener {

    /** A purge finished (also one finished at start-up after a crash). */
    default void purged(PurgeRecord purge) {
    }

    default void holdCreated(LegalHold hold) {
    }

    default void holdReleased(LegalHold hold) {
    }

    /** The storage reserve alarm went on or off. */
    default void reserveChanged(ReserveStatus status) {
    }

    /** An export's file was deleted because its own retention ended. */
    default void exportExpired(nl.poortwachter.recorder.export.ExportRecord export) {
    }

    RetentionListener NONE = new RetentionListener() {
    };
}
