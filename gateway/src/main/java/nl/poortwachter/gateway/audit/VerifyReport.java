package nl.poortwachter.gateway.audit;

/**
 * The outcome of verifying the audit log.
 *
 * @param entries         entries read
 * @param lastSeq         sequence number of the last entry (0 when empty)
 * @param firstBadSeq     the first entry that fails (for a cut-off tail: the first missing one), or null when ok
 * @param problem         what is wrong there, in words, or null
 * @param problemCode     the same as a stable code, for pages to say in their language, or null:
 *                        {@code entries_missing}, {@code out_of_order}, {@code entry_changed},
 *                        {@code checkpoint_mismatch}, {@code cut_off}, {@code bad_signature}
 * @param checkpoints     signed checkpoints checked
 * @param lastCheckpoint  sequence number the newest valid checkpoint vouches for (0 when none)
 * @param millis          how long verification took
 */
public record VerifyReport(boolean ok, long entries, long lastSeq, String lastHash, Long firstBadSeq, String problem,
                           String problemCode, int checkpoints, long lastCheckpoint, long millis) {
}
