package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite: the schema version is the file header's {@code user_version}, which is written through the same
 * journal as the rest of a transaction, so a migration step and its version bump commit together.
 */
public final class SqliteDialect implements Dialect {
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    @Override
    public void setSchemaVersion(Connection c, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version=" + version);
        }
    }

    @Override
    public List<String> integrityProblems(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    if (!"ok".equals(rs.getString(1))) {
                        out.add("integrity_check: " + rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    out.add("foreign_key_check: a row of " + rs.getString(1) + " (rowid " + rs.getLong(2)
                            + ") refers to a missing row of " + rs.getString(3));
                }
            }
        }
        return out;
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** One gateway per storage folder (its lock), and the file is in the folder: nobody else migrates it. */
    @Override
    public void lockMigrations(Connection c, String database) {
    }

    @Override
    public void unlockMigrations(Connection c, String database) {
    }

    /** One writer thread per file, and one gateway per folder: the transactions are serial already. */
    @Override
    public void serialise(Connection c, String what) {
    }

    @Override
    public String nowMillis() {
        return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    }

    @Override
    public void overwriteFreedBytes(Connection c, boolean on) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("PRAGMA secure_delete = " + (on ? "ON" : "OFF"));
        }
    }
}
