package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import nl.poortwachter.recorder.logging.Log;

/**
 * Brings a database to its schema's newest version, one step at a time. Each step runs in one transaction
 * together with its version bump: a crash or an error inside a step leaves the previous version intact, and the
 * next start runs the step again from its beginning. A database newer than this build is refused untouched.
 */
final class Migrations {
    private static final Log LOG = Log.of(Migrations.class);

    private Migrations() {
    }

    /** Runs on the writer connection before anything else uses the database. */
    static void migrate(Connection c, Dialect dialect, Schema schema, String describe) throws SQLException {
        // A shared database (the cluster's): the first node migrates, the others wait and then find it done.
        dialect.lockMigrations(c, schema.name());
        try {
            migrateLocked(c, dialect, schema, describe);
        } finally {
            dialect.unlockMigrations(c, schema.name());
        }
    }

    private static void migrateLocked(Connection c, Dialect dialect, Schema schema, String describe) throws SQLException {
        int version = dialect.schemaVersion(c);
        if (version > schema.version()) {
            throw new DatabaseException(describe + " has schema version " + version + ", newer than this gateway "
                    + "knows (" + schema.version() + "): run the newer gateway again, or restore a backup made "
                    + "before the upgrade");
        }
        for (Schema.Step step : schema.steps(dialect)) {
            if (step.version() > version) {
                apply(c, dialect, step, describe);
                LOG.info("database.migrated", "database", describe, "version", step.version(), "step", step.resource());
            }
        }
    }

    private static void apply(Connection c, Dialect dialect, Schema.Step step, String describe) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : step.statements()) {
                s.execute(sql);
            }
            dialect.setSchemaVersion(c, step.version());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw new DatabaseException(describe + ": migration " + step.resource() + " failed and was undone; the "
                    + "database stays at schema version " + (step.version() - 1) + ": " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
