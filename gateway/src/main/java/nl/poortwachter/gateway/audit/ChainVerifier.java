package nl.poortwachter.gateway.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-computes the hash chain from the first entry and checks every signed checkpoint against it. Reports the first
 * entry that fails, because that is where an investigation starts:
 * <ul>
 *   <li>an edited entry fails its own hash (or, if the hash was recomputed too, the next entry's);</li>
 *   <li>a deleted entry leaves a gap in the sequence numbers (or, renumbered, breaks the chain);</li>
 *   <li>two swapped entries fail at the first of them (the sequence number is inside the hash);</li>
 *   <li>a cut-off tail leaves a consistent chain, but the newest checkpoint vouches for entries that are gone;</li>
 *   <li>a rewritten chain (every hash recomputed) disagrees with a checkpoint's hash, which needs the private key to
 *       forge; a rewrite that also replaced the key and the stored checkpoints disagrees with the checkpoints kept
 *       outside the box (an anchor's copy, one the auditor kept), or with the key the auditor pinned.</li>
 * </ul>
 * Checkpoints are believed when signed by a key of the log's {@link KeyRing}; with pinned fingerprints, only when
 * signed by a pinned key, and the gateway's current key must be pinned too.
 */
public final class ChainVerifier {
    private final AuditStore store;
    private final KeyRing keys;
    private final String currentFingerprint;

    public ChainVerifier(AuditStore store, PublicKey current) {
        this(store, KeyRing.of(store, current), current == null ? null : SigningKey.fingerprintOf(current));
    }

    /** @param currentFingerprint the key the gateway signs with now (null when unknown: an offline copy) */
    public ChainVerifier(AuditStore store, KeyRing keys, String currentFingerprint) {
        this.store = store;
        this.keys = keys;
        this.currentFingerprint = currentFingerprint;
    }

    /** @param external a checkpoint the auditor kept from earlier (may be null); it is checked like the stored ones */
    public VerifyReport verify(Checkpoint external) {
        return verify(external == null ? List.of() : List.of(external), Set.of());
    }

    /**
     * @param external checkpoints kept outside the log (the auditor's, an anchor's copy): checked like the stored ones
     * @param pinned   fingerprints (hex SHA-256 of the public key) the auditor trusts; empty: the log's own keys
     */
    public VerifyReport verify(List<Checkpoint> external, Set<String> pinned) {
        long started = System.nanoTime();
        KeyRing trusted = pinned.isEmpty() ? keys : keys.pinned(pinned);
        List<Checkpoint> checkpoints = new ArrayList<>(store.checkpoints());
        checkpoints.addAll(external);
        // Signatures first: a checkpoint that does not verify is itself a finding, and is not used.
        Map<Long, List<Checkpoint>> bySeq = new HashMap<>();
        Set<String> signers = new TreeSet<>();
        Long badSignatureSeq = null;
        String badSignature = null;
        for (Checkpoint c : checkpoints) {
            if (trusted.verifies(c)) {
                bySeq.computeIfAbsent(c.seq(), k -> new ArrayList<>()).add(c);
                signers.add(keys.fingerprint(c.keyId()));
            } else if (badSignature == null || c.seq() < badSignatureSeq) {
                badSignatureSeq = c.seq();
                badSignature = keys.verifies(c)
                        ? "checkpoint at seq " + c.seq() + " is signed by key " + keys.fingerprint(c.keyId())
                                + ", which is not a pinned key"
                        : "checkpoint at seq " + c.seq() + " has an invalid signature (key " + c.keyId() + ")";
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
            List<Checkpoint> vouching = bySeq.get(e.seq());
            if (vouching != null) {
                s.checked += vouching.size();
                if (vouching.stream().anyMatch(c -> !c.hash().equals(hex))) {
                    s.fail(s.lastVouched + 1, "checkpoint_mismatch", "the chain up to entry " + e.seq()
                            + " differs from a checkpoint signed"
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
            s.fail(badSignatureSeq, badSignature.contains("not a pinned key") ? "unpinned_key" : "bad_signature",
                    badSignature);
        }
        if (s.firstBad == null && !pinned.isEmpty() && currentFingerprint != null
                && !pinned.contains(currentFingerprint)) {
            s.fail(s.lastVouched + 1, "unpinned_key", "the gateway now signs with key " + currentFingerprint + ", which is not a"
                    + " pinned key: entries after " + s.lastVouched + " are vouched for by no key you trust");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new VerifyReport(s.firstBad == null, s.entries, s.lastSeq, Canonical.hex(s.hash), s.firstBad,
                s.problem, s.problemCode, s.checked, s.lastVouched, millis, currentFingerprint, List.copyOf(signers),
                !pinned.isEmpty(), external.size());
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
