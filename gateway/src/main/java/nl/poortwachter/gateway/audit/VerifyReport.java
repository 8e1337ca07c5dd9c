package nl.poortwachter.gateway.audit;

/**
 * The outcome of verifying the audit log.
 *
 * @param entries         entries read
 * @param lastSeq         sequence number of the last entry (0 when empty)
 * @param firstBadSeq     the first entry that fails (for a cut-off tail: the first missing one), or null when ok
 * @param problem         what is wrong there, in words, or null
 * @param checkpoints     signed checkpoints checked
 * @param lastCheckpoint  sequence number the newest valid checkpoint vouches for (0 when none)
 * @param millis          how long verification took
 */
public record VerifyReport(boolean ok, long entries, long lastSeq, String lastHash, Long firstBadSeq, String problem,
                           int checkpoints, long lastCheckpoint, long millis) {
}
