package nl.poortwachter.gateway.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a running gateway's audit log unable to write, as another process holding the database would: an
 * exclusive transaction on {@code audit.db}. The writer's commits then fail after SQLite's busy timeout (a few
 * seconds each), and the gateway must refuse whatever it cannot record. Readers are not blocked (WAL), so an
 * auditor can still look. Closing ends the outage.
 */
public final class AuditOutage implements AutoCloseable {
    private final Connection lock;

    private AuditOutage(Connection lock) {
        this.lock = lock;
    }

    public static AuditOutage begin(Path auditDb) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + auditDb);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new AuditOutage(c);
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = lock.createStatement()) {
            s.execute("ROLLBACK");
        } finally {
            lock.close();
        }
    }
}
