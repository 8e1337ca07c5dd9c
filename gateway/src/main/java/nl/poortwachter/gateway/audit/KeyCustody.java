package nl.poortwachter.gateway.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which key signs this log's checkpoints from now on, decided at start-up. A new log gets a new key. A log that has
 * entries never gets one silently: when the key folder has no key, a new one is made (the log must go on), but that
 * is an alarm ({@link LogAlarm#KEY_REPLACED}) written into the chain, naming the old and the new key, and the log
 * records nothing else until an administrator acknowledges it; a key that is not the one the log was signed with is
 * the same alarm ({@link LogAlarm#KEY_CHANGED}). Auditors who pinned the old fingerprint see the change in verify.
 *
 * @param problems what is wrong (empty when the key is the log's own, or the log is new)
 */
public record KeyCustody(SigningKey key, List<LogAlarm.Problem> problems) {

    public static KeyCustody open(Path keyDir, AuditStore store) throws IOException {
        Optional<SigningKey> found = SigningKey.load(keyDir);
        Set<String> known = new TreeSet<>();
        store.signingKeys().forEach(k -> known.add(k.keyId()));
        Set<String> signers = new TreeSet<>();
        store.checkpoints().forEach(c -> signers.add(c.keyId()));
        long entries = store.lastEntry().map(AuditEntry::seq).orElse(0L);
        List<LogAlarm.Problem> problems = new ArrayList<>();
        if (found.isEmpty()) {
            SigningKey made = SigningKey.create(keyDir);
            if (entries > 0 || !known.isEmpty() || !signers.isEmpty()) {
                problems.add(new LogAlarm.Problem(LogAlarm.KEY_REPLACED, "the signing key was missing from " + keyDir
                        + " for a log of " + entries + " entries; a new key was made: key_id=" + made.keyId()
                        + " fingerprint=" + made.fingerprint() + " previous_keys=" + previous(known, signers)));
            }
            return new KeyCustody(made, problems);
        }
        SigningKey key = found.get();
        boolean ours = known.contains(key.keyId());
        Set<String> others = new TreeSet<>(signers);
        others.addAll(known);
        others.remove(key.keyId());
        if (!ours && !others.isEmpty()) {
            problems.add(new LogAlarm.Problem(LogAlarm.KEY_CHANGED, "the signing key in " + keyDir + " is not the one"
                    + " this log was signed with: key_id=" + key.keyId() + " fingerprint=" + key.fingerprint()
                    + " previous_keys=" + previous(known, signers)));
        }
        return new KeyCustody(key, problems);
    }

    private static String previous(Set<String> known, Set<String> signers) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(signers);
        return all.isEmpty() ? "none" : String.join(",", all);
    }
}
