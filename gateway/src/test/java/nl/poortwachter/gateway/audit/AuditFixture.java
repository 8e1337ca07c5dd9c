package nl.poortwachter.gateway.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An audit log in a temporary folder, as the gateway wires it, plus raw SQL access for tampering. */
public final class AuditFixture implements AutoCloseable {
    final Path dir;
    final AuditStore store;
    final SigningKey key;
    final AuditWriter writer;
    final AuditLog log;

    AuditFixture(Path dir, Clock clock, int checkpointEvery) throws Exception {
        this(dir, clock, checkpointEvery, Optional.empty(), Anchors.NONE);
    }

    /** Started as the gateway starts its log: key custody, the start-up inspection, the anchors. */
    AuditFixture(Path dir, Clock clock, int checkpointEvery, Optional<Checkpoint> anchored, Anchors anchors)
            throws Exception {
        this.dir = dir;
        this.store = new AuditStore(dir.resolve("audit.db"));
        this.writer = AuditWriter.start(store, dir.resolve("keys"), clock, checkpointEvery, Duration.ofHours(1),
                anchored, anchors);
        this.key = writer.key();
        this.log = new AuditLog(writer, clock, r -> "urn:test:" + r, Map.of("name", "test-gw", "version", "t"));
    }

    static AuditContext ctx(String user, String role) {
        return new AuditContext(new Actor("id-" + user, user, role), new Origin("192.0.2.7", "TestAgent/1"),
                TraceContext.root());
    }

    /** Ten camera changes, a signed checkpoint after every fourth one (4, 8) and one at the end (10). */
    static AuditFixture tenEntries(Path dir) throws Exception {
        AuditFixture f = new AuditFixture(dir, Clock.systemUTC(), 4);
        for (int i = 1; i <= 10; i++) {
            f.log.camera(ctx("ina", "integrator"), "camera.update", "cam-" + i, AuditLog.OK, "n=" + i).get();
        }
        f.log.checkpointNow().get();
        return f;
    }

    VerifyReport verify() throws Exception {
        return new ChainVerifier(store, key.publicKey()).verify(null);
    }

    /**
     * SQL that changes the actor name of entry {@code edited} and recomputes the hash of every entry from there, as
     * someone with the file but without the key would: the chain holds again, the signed checkpoints do not.
     */
    String[] rechained(long edited, String actorName) {
        return rechained(store, edited, actorName);
    }

    /** As {@link #rechained(long, String)}, for any audit database. */
    public static String[] rechained(AuditStore store, long edited, String actorName) {
        List<AuditEntry> all = new ArrayList<>();
        store.forEachEntry(all::add);
        Canonical canonical = new Canonical();
        byte[] hash = edited == 1 ? Canonical.GENESIS : Canonical.unhex(all.get((int) edited - 2).hash());
        List<String> sql = new ArrayList<>();
        for (AuditEntry e : all.subList((int) edited - 1, all.size())) {
            if (e.seq() == edited) {
                e = new AuditEntry(e.seq(), e.timeMillis(), e.actorId(), actorName, e.actorRole(), e.action(),
                        e.objectType(), e.objectId(), e.rangeFrom(), e.rangeTo(), e.result(), e.clientAddress(),
                        e.userAgent(), e.purpose(), e.caseNumber(), e.traceId(), e.detail(), null);
                sql.add("UPDATE audit_entry SET actor_name = '" + actorName + "' WHERE seq = " + edited);
            }
            hash = canonical.chain(hash, e);
            sql.add("UPDATE audit_entry SET hash = '" + Canonical.hex(hash) + "' WHERE seq = " + e.seq());
        }
        return sql.toArray(String[]::new);
    }

    void tamper(String... sql) throws Exception {
        tamper(dir.resolve("audit.db"), sql);
    }

    /** Runs SQL on an audit database as an attacker with the file would: the append-only triggers dropped first. */
    public static void tamper(Path auditDb, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + auditDb);
             Statement s = c.createStatement()) {
            for (String t : new String[] {"audit_entry_no_update", "audit_entry_no_delete", "checkpoint_no_update",
                    "checkpoint_no_delete"}) {
                s.execute("DROP TRIGGER IF EXISTS " + t);
            }
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    @Override
    public void close() {
        writer.close();
        store.close();
    }
}
