package nl.poortwachter.gateway.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** An audit log in a temporary folder, as the gateway wires it, plus raw SQL access for tampering. */
final class AuditFixture implements AutoCloseable {
    final Path dir;
    final AuditStore store;
    final SigningKey key;
    final AuditWriter writer;
    final AuditLog log;

    AuditFixture(Path dir, Clock clock, int checkpointEvery) throws Exception {
        this.dir = dir;
        this.store = new AuditStore(dir.resolve("audit.db"));
        this.key = SigningKey.loadOrCreate(dir.resolve("keys"));
        this.writer = new AuditWriter(store, key, clock, checkpointEvery, Duration.ofHours(1));
        this.log = new AuditLog(writer, clock, r -> "urn:test:" + r, Map.of("name", "test-gw", "version", "t"));
    }

    static AuditContext ctx(String user, String role) {
        return new AuditContext(new Actor("id-" + user, user, role), new Origin("192.0.2.7", "TestAgent/1"),
                TraceContext.root());
    }

    VerifyReport verify() throws Exception {
        return new ChainVerifier(store, key.publicKey()).verify(null);
    }

    void tamper(String... sql) throws Exception {
        tamper(dir.resolve("audit.db"), sql);
    }

    /** Runs SQL on an audit database as an attacker with the file would: the append-only triggers dropped first. */
    static void tamper(Path auditDb, String... sql) throws Exception {
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
