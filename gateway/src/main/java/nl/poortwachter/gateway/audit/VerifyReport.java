package nl.poortwachter.gateway.audit;

import java.util.List;

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
 * @param checkpoints     signed checkpoints checked against the chain
 * @param lastCheckpoint  sequence number the newest valid checkpoint vouches for (0 when none)
 * @param millis          how long verification took
 * @param keySha256       the key the gateway signs with now (hex SHA-256 of the public key), null when unknown
 * @param signers         fingerprints of the keys whose checkpoints were believed
 * @param pinned          whether only pinned keys were believed
 * @param external        checkpoints given from outside the log (the auditor's own, an anchor's copy)
 */
public record VerifyReport(boolean ok, long entries, long lastSeq, String lastHash, Long firstBadSeq, String problem,
                           String problemCode, int checkpoints, long lastCheckpoint, long millis, String keySha256,
                           List<String> signers, boolean pinned, int external) {
}
