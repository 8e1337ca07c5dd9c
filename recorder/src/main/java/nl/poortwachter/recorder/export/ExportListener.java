package nl.poortwachter.recorder.export;

/** Hears of export copies deleted because their own retention ended (the audit log). Must not block or throw. */
public interface ExportListener {

    /**
     * An export's file was deleted because its own retention ended. It counts as audited only once
     * {@code Archive.markExpiryAudited} is called, so that an entry lost to an outage or a crash is written later.
     */
    default void exportExpired(ExportRecord export) {
    }
}
