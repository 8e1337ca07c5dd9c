package nl.poortwachter.recorder.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One schema migration: its statements and the version bump in one transaction, so that a crash in the middle
 * leaves the previous version intact, to be migrated again at the next start.
 */
@FunctionalInterface
interface SchemaStep {
    void apply(Statement s) throws SQLException;

    static void migrate(Connection c, int version, SchemaStep step) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            step.apply(s);
            s.execute("PRAGMA user_version=" + version);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
