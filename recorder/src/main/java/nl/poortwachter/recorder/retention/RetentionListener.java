package nl.poortwachter.recorder.retention;

/**
 * Events the audit log must see. The recorder does not know the gateway's audit log; the gateway implements
 * this and writes an entry per event. Called on the recorder's retention thread (or the caller's thread for
 * holds): implementations must not block for long and must not throw.
 */
public interface RetentionListener {

    /**
     * A purge finished (also one finished at start-up after a crash). Hearing of it is not enough for the audit
     * log: the purge counts as audited only once {@code Archive.markPurgeAudited} is called, and until then
     * {@code Archive.unauditedPurges} lists it, so that an entry lost to an outage or a crash is written later.
     */
    default void purged(PurgeRecord purge) {
    }

    default void holdCreated(LegalHold hold) {
    }

    default void holdReleased(LegalHold hold) {
    }

    /** The storage reserve alarm went on or off. */
    default void reserveChanged(ReserveStatus status) {
    }

    RetentionListener NONE = new RetentionListener() {
    };
}
