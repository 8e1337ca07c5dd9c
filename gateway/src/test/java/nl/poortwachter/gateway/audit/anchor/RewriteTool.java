package nl.poortwachter.gateway.audit.anchor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.poortwachter.gateway.audit.AuditFixture;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.gateway.audit.SigningKey;

/** What someone with the box does to audit.db: plain SQL past the triggers, or a rewrite signed with a key of theirs. */
final class RewriteTool {
    private RewriteTool() {
    }

    static void sql(Path db, String... statements) throws Exception {
        AuditFixture.tamper(db, statements);
    }

    /**
     * Entry {@code edited} changed, every hash from there recomputed, and every checkpoint replaced by one over the new
     * chain signed with {@code theirs}, which also replaces the log's known keys: the log on the box is consistent.
     */
    static void rewrite(Path db, long edited, SigningKey theirs) throws Exception {
        List<Checkpoint> old;
        String[] rechain;
        try (AuditStore store = new AuditStore(db)) {
            old = store.checkpoints();
            rechain = AuditFixture.rechained(store, edited, "someone-else");
        }
        sql(db, rechain);
        List<String> resign = new ArrayList<>(List.of("DELETE FROM checkpoint", "DELETE FROM signing_key",
                "INSERT INTO signing_key VALUES ('" + theirs.keyId() + "', '" + theirs.fingerprint() + "', '"
                        + Base64.getEncoder().encodeToString(theirs.publicKey().getEncoded()) + "', 0)"));
        try (AuditStore store = new AuditStore(db)) {
            for (Checkpoint c : old) {
                String hash = store.query(new nl.poortwachter.gateway.audit.AuditQuery(null, null, null, null, null,
                        null, c.seq() + 1, 1, false)).get(0).hash();
                String sig = theirs.sign(Checkpoint.message(c.seq(), hash, c.timeMillis()));
                resign.add("INSERT INTO checkpoint VALUES (" + c.seq() + ", '" + hash + "', " + c.timeMillis() + ", '"
                        + theirs.keyId() + "', '" + sig + "')");
            }
        }
        sql(db, resign.toArray(String[]::new));
    }
}
