package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL, the cluster's shared database (D70). Each of the gateway's databases (index, audit, users) is a
 * schema of its own in one PostgreSQL database ({@link PostgresConnector} sets the search path), so their tables
 * keep their names and their versions apart. The version is a one-row table of that schema, written in the step's
 * transaction (PostgreSQL's DDL is transactional, so a failed step leaves nothing behind). Migrations are serialised
 * across the nodes by a session-level advisory lock named after the schema.
 */
public final class PostgresDialect implements Dialect {
    public static final PostgresDialect INSTANCE = new PostgresDialect();
    private static final String VERSION_TABLE = "schema_version";

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + VERSION_TABLE + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Override
    public void setSchemaVersion(Connection c, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER NOT NULL)");
            s.execute("DELETE FROM " + VERSION_TABLE);
            s.execute("INSERT INTO " + VERSION_TABLE + " VALUES (" + version + ")");
        }
    }

    /** PostgreSQL has no offline page check; what it can say without an extension: invalid indexes and constraints. */
    @Override
    public List<String> integrityProblems(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i "
                    + "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = current_schema()::regnamespace "
                    + "AND NOT i.indisvalid")) {
                while (rs.next()) {
                    out.add("index " + rs.getString(1) + " is not valid");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT conname FROM pg_constraint "
                    + "WHERE connamespace = current_schema()::regnamespace AND NOT convalidated")) {
                while (rs.next()) {
                    out.add("constraint " + rs.getString(1) + " is not validated");
                }
            }
        }
        return out;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void lockMigrations(Connection c, String database) throws SQLException {
        advisory(c, "SELECT pg_advisory_lock(hashtext(?))", "migrate." + database);
    }

    @Override
    public void unlockMigrations(Connection c, String database) throws SQLException {
        advisory(c, "SELECT pg_advisory_unlock(hashtext(?))", "migrate." + database);
    }

    /** A transaction-level advisory lock: released by the commit or rollback, also when the node dies. */
    @Override
    public void serialise(Connection c, String what) throws SQLException {
        advisory(c, "SELECT pg_advisory_xact_lock(hashtext(?))", what);
    }

    private static void advisory(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "poortwachter." + name);
            ps.executeQuery().close();
        }
    }

    @Override
    public String nowMillis() {
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }

    @Override
    public void overwriteFreedBytes(Connection c, boolean on) {
        // Dead row versions stay until VACUUM; see the interface.
    }
}
