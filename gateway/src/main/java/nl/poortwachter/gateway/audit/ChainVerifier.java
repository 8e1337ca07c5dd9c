package nl.poortwachter.gateway.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-computes the hash chain from the first entry and checks every signed checkpoint against it. Reports the first
 * entry that fails, because that is where an investigation starts:
 * <ul>
 *   <li>an edited entry fails its own hash (or, if the hash was recomputed too, the next entry's);</li>
 *   <li>a deleted entry leaves a gap in the sequence numbers (or, renumbered, breaks the chain);</li>
 *   <li>two swapped entries fail at the first of them (the sequence number is inside the hash);</li>
 *   <li>a cut-off tail leaves a consistent chain, but the newest checkpoint vouches for entries that are gone;</li>
 *   <li>a rewritten chain (every hash recomputed) disagrees with a checkpoint's hash, which needs the private key to forge.</li>
 * </ul>
 */
public final class ChainVerifier {
    private final AuditStore store;
    private final PublicKey key;

    public ChainVerifier(AuditStore store, PublicKey key) {
        this.store = store;
        this.key = key;
    }

    /** @param external a checkpoint the auditor kept from earlier (may be null); it is checked like the stored ones */
    public VerifyReport verify(Checkpoint external) {
        long started = System.nanoTime();
        List<Checkpoint> checkpoints = new ArrayList<>(store.checkpoints());
        if (external != null) {
            checkpoints.add(external);
        }
        // Signatures first: a checkpoint that does not verify is itself a finding, and is not used.
        Map<Long, Checkpoint> bySeq = new HashMap<>();
        String badSignature = null;
        long badSignatureSeq = 0;
        for (Checkpoint c : checkpoints) {
            if (!SigningKey.verify(key, c.message(), c.signature())) {
                if (badSignature == null) {
                    badSignature = "checkpoint at seq " + c.seq() + " has an invalid signature";
                    badSignatureSeq = c.seq();
                }
            } else {
                bySeq.merge(c.seq(), c, (a, b) -> a.hash().equals(b.hash()) ? a : conflict(a));
            }
        }
        long newestCheckpoint = bySeq.keySet().stream().mapToLong(Long::longValue).max().orElse(0);

        State s = new State();
        Canonical canonical = new Canonical();
        store.forEachEntry(e -> {
            s.entries++;
            if (s.firstBad != null) {
                return; // keep counting, stop judging: everything after the first failure is suspect anyway
            }
            long expected = s.lastSeq + 1;
            if (e.seq() != expected) {
                s.fail(expected, e.seq() > expected ? "entries_missing" : "out_of_order", e.seq() > expected
                        ? "entries " + expected + (e.seq() - 1 > expected ? " to " + (e.seq() - 1) : "") + " are missing"
                        : "entry " + e.seq() + " is out of order or duplicated");
                return;
            }
            byte[] h = canonical.chain(s.hash, e);
            String hex = Canonical.hex(h);
            if (!hex.equals(e.hash())) {
                s.fail(e.seq(), "entry_changed", "entry " + e.seq() + " does not match its hash: it was changed, or an earlier entry was"
                        + " removed or moved here");
                return;
            }
            Checkpoint c = bySeq.get(e.seq());
            if (c != null) {
                s.checked++;
                if (!c.hash().equals(hex)) {
                    s.fail(s.lastVouched + 1, "checkpoint_mismatch", "the chain up to entry " + e.seq() + " differs from the checkpoint signed"
                            + " at that entry: an entry from " + (s.lastVouched + 1) + " to " + e.seq()
                            + " was changed and the chain recomputed");
                    return;
                }
                s.lastVouched = e.seq();
            }
            s.lastSeq = e.seq();
            s.hash = h;
        });
        if (s.firstBad == null && newestCheckpoint > s.lastSeq) {
            s.fail(s.lastSeq + 1, "cut_off", "the log ends at entry " + s.lastSeq + " but a signed checkpoint vouches for "
                    + newestCheckpoint + " entries: entries " + (s.lastSeq + 1) + " to " + newestCheckpoint
                    + " were cut off");
        }
        if (s.firstBad == null && badSignature != null) {
            s.fail(badSignatureSeq, "bad_signature", badSignature);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new VerifyReport(s.firstBad == null, s.entries, s.lastSeq, Canonical.hex(s.hash), s.firstBad,
                s.problem, s.problemCode, s.checked, s.lastVouched, millis);
    }

    private static Checkpoint conflict(Checkpoint a) {
        // Two validly signed checkpoints with different hashes for one seq cannot both be true: use the stored one;
        // the chain comparison will then fail on whichever disagrees with the entries.
        return a;
    }

    private static final class State {
        long entries;
        long lastSeq;
        byte[] hash = Arrays.copyOf(Canonical.GENESIS, 32);
        long lastVouched;
        int checked;
        Long firstBad;
        String problem;
        String problemCode;

        void fail(long seq, String code, String why) {
            firstBad = seq;
            problemCode = code;
            problem = why;
        }
    }
}
