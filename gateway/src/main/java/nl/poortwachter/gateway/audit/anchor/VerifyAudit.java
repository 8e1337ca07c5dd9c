package nl.poortwachter.gateway.audit.anchor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.ChainVerifier;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.gateway.audit.KeyRing;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.audit.VerifyReport;
import nl.poortwachter.recorder.database.DatabaseException;

/**
 * Command line: checks a copy of the audit log against copies of its anchors and the keys the auditor trusts,
 * without the gateway (on the auditor's own machine).
 * <pre>
 * java -cp "gateway/target/classes:gateway/target/lib/*" nl.poortwachter.gateway.audit.anchor.VerifyAudit \
 *     --audit-db COPY-OF-audit.db [--anchor COPY-OF-ANCHOR ...] [--pin SHA256 ...] [--public-key KEY.pub ...]
 * </pre>
 * An anchor copy is the anchor file or the collector's syslog file: every line holding a checkpoint counts. A pin is
 * the fingerprint of a key the auditor trusts (hex SHA-256 of its public key); a public key file (PEM, e.g. from
 * {@code GET /api/v1/audit/public-key}) is trusted and pinned. Without either, the chain and the checkpoints are
 * checked with the keys the copy itself names, which a full rewrite would have replaced: the answer is then NOT
 * VERIFIED, as {@code VerifyExport}'s without a key.
 * Exit status: 0 verified, 1 not verified, 2 wrong usage or unreadable input.
 */
public final class VerifyAudit {
    private VerifyAudit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path db = null;
        List<Path> anchors = new ArrayList<>();
        Set<String> pins = new TreeSet<>();
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--audit-db" -> db = Path.of(required(args[i], value));
                    case "--anchor" -> anchors.add(Path.of(required(args[i], value)));
                    case "--pin" -> pins.add(fingerprint(required(args[i], value)));
                    case "--public-key" -> keys.add(SigningKey.parsePublicPem(Files.readString(
                            Path.of(required(args[i], value)), StandardCharsets.US_ASCII)));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (db == null) {
                throw new IllegalArgumentException("--audit-db is required");
            }
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            err.println("usage: VerifyAudit --audit-db FILE [--anchor FILE ...] [--pin SHA256 ...] "
                    + "[--public-key KEY.pub ...]: " + e.getMessage());
            return 2;
        }
        keys.forEach(k -> pins.add(SigningKey.fingerprintOf(k)));
        try (AuditStore store = AuditStore.openReadOnly(db)) {
            List<Checkpoint> anchored = new ArrayList<>();
            for (Path a : anchors) {
                List<Checkpoint> read = AnchorCopy.read(a);
                out.println("anchor " + a + ": " + read.size() + " checkpoints"
                        + (read.isEmpty() ? "" : ", up to entry " + read.get(read.size() - 1).seq()));
                anchored.addAll(read);
            }
            VerifyReport r = new ChainVerifier(store, KeyRing.of(store, null).plus(keys), null).verify(anchored, pins);
            out.println("entries " + r.entries() + ", last " + r.lastSeq() + ", checkpoints checked " + r.checkpoints()
                    + " (" + r.external() + " from anchors), vouched up to entry " + r.lastCheckpoint());
            out.println("signed by " + (r.signers().isEmpty() ? "no key" : String.join(", ", r.signers()))
                    + (pins.isEmpty() ? " (signers UNVERIFIED: pass --pin or --public-key with a key you trust)"
                    : " (only pinned keys believed)"));
            if (!r.ok()) {
                out.println("problem at entry " + r.firstBadSeq() + ": " + r.problem());
            }
            boolean verified = r.ok() && !pins.isEmpty();
            out.println(verified ? "VERIFIED" : "NOT VERIFIED");
            return verified ? 0 : 1;
        } catch (IOException | DatabaseException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static String fingerprint(String s) {
        String f = s.strip().toLowerCase(Locale.ROOT).replaceFirst("^sha256:", "");
        if (!f.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a pin is 64 hex characters (SHA-256 of the public key): " + s);
        }
        return f;
    }
}
