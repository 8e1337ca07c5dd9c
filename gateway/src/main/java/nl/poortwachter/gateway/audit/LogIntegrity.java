package nl.poortwachter.gateway.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The start-up look at the log before anything is appended: where the chain goes on, and what is wrong.
 * <ul>
 *   <li>The log is shorter than the newest signed checkpoint vouches for (stored, or anchored outside the box): its
 *       tail was cut. The chain goes on after the checkpoint, from the checkpoint's hash: no sequence number is ever
 *       used twice, and verification names the first missing entry, not an entry appended in its place.</li>
 *   <li>The entry a checkpoint vouches for has another hash: the chain was recomputed after a change.</li>
 *   <li>An alarm of an earlier start that no administrator acknowledged still stands.</li>
 * </ul>
 * Only the newest checkpoint is compared (verification compares all): this runs at every start and must stay cheap.
 *
 * @param seq      the sequence number the next entry follows
 * @param hash     the hash the next entry chains to
 * @param standing alarms raised at an earlier start and not acknowledged (their entries exist)
 * @param found    problems found now (their alarm entries are still to be written)
 */
public record LogIntegrity(long seq, byte[] hash, List<LogAlarm.Problem> standing, List<LogAlarm.Problem> found) {

    /** @param anchored the newest checkpoint of the anchor file outside the box, if one is configured and readable */
    public static LogIntegrity inspect(AuditStore store, KeyRing keys, Optional<Checkpoint> anchored) {
        Optional<AuditEntry> last = store.lastEntry();
        long seq = last.map(AuditEntry::seq).orElse(0L);
        byte[] hash = last.map(e -> Canonical.unhex(e.hash())).orElse(Canonical.GENESIS);
        List<LogAlarm.Problem> found = new ArrayList<>();

        List<Checkpoint> stored = store.checkpoints();
        Optional<Checkpoint> newestStored = stored.isEmpty() ? Optional.empty()
                : Optional.of(stored.get(stored.size() - 1));
        Optional<Checkpoint> newest = newestStored;
        if (anchored.isPresent() && (newest.isEmpty() || anchored.get().seq() > newest.get().seq())) {
            newest = anchored;
        }
        if (newest.isPresent()) {
            Checkpoint c = newest.get();
            String where = newest == anchored ? "in the anchor outside the box" : "stored";
            String trusted = keys.verifies(c) ? "signed" : "unverifiable (unknown key or bad signature)";
            if (c.seq() > seq) {
                found.add(new LogAlarm.Problem(LogAlarm.CUT, "the log ends at entry " + seq + " but a " + trusted
                        + " checkpoint " + where + " vouches for " + c.seq() + " entries: entries " + (seq + 1)
                        + " to " + c.seq() + " are missing; the log goes on after " + c.seq()));
                seq = c.seq();
                hash = Canonical.unhex(c.hash());
            } else {
                Optional<AuditEntry> vouched = store.entry(c.seq());
                if (vouched.isPresent() && !vouched.get().hash().equals(c.hash())) {
                    found.add(new LogAlarm.Problem(LogAlarm.REWRITTEN, "entry " + c.seq() + " differs from the "
                            + trusted + " checkpoint " + where + " for it: the log was changed and its chain"
                            + " recomputed"));
                }
            }
        }
        return new LogIntegrity(seq, hash, standing(store.logEvents()), found);
    }

    /** Alarm entries after the newest acknowledgement. */
    private static List<LogAlarm.Problem> standing(List<AuditEntry> events) {
        List<LogAlarm.Problem> out = new ArrayList<>();
        events.stream().sorted(Comparator.comparingLong(AuditEntry::seq)).forEach(e -> {
            if (e.action().equals(LogEvents.ACKNOWLEDGE)) {
                out.clear();
            } else if (e.action().equals(LogEvents.ALARM)) {
                out.add(LogEvents.problemOf(e));
            }
        });
        return out;
    }
}
