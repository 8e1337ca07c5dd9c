package nl.poortwachter.recorder.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import nl.poortwachter.recorder.database.Connector;
import nl.poortwachter.recorder.database.PostgresConnector;
import nl.poortwachter.recorder.database.PostgresOptions;
import nl.poortwachter.recorder.database.SqliteConnector;
import nl.poortwachter.recorder.database.SqliteOptions;

/**
 * Where one test keeps its databases, in either dialect, so that a store test runs against both (a class
 * parameterised by {@link Kind}): SQLite files {@code <dir>/<database>.db}, or schemas of a new database on the JVM's
 * throwaway PostgreSQL server ({@link PostgresServer}). Raw statements reach the same tables outside the data layer.
 */
public final class TestDatabases {
    /** The two dialects of the data layer. */
    public enum Kind {
        SQLITE, POSTGRESQL;

        public TestDatabases in(Path dir) {
            return new TestDatabases(this, dir, this == POSTGRESQL ? PostgresServer.shared().newDatabase() : null);
        }
    }

    private final Kind kind;
    private final Path dir;
    private final PostgresOptions postgres;

    private TestDatabases(Kind kind, Path dir, PostgresOptions postgres) {
        this.kind = kind;
        this.dir = dir;
        this.postgres = postgres;
    }

    public Kind kind() {
        return kind;
    }

    /** The PostgreSQL database of this test (every node of a test cluster uses the same); null for SQLite. */
    public PostgresOptions postgres() {
        return postgres;
    }

    /** @param database "index", "audit" or "auth" */
    public Connector connector(String database, SqliteOptions sqlite) {
        String what = database + " database";
        return kind == Kind.SQLITE ? new SqliteConnector(what, dir.resolve(database + ".db"), sqlite)
                : new PostgresConnector(what, database, postgres);
    }

    /** A raw connection to the database's tables, outside the data layer (tests that tamper or count). */
    public Connection raw(String database) throws SQLException {
        if (kind == Kind.SQLITE) {
            return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(database + ".db"));
        }
        Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO pw_" + database);
        }
        return c;
    }

    /** The first column of the first row, as a number. */
    public long number(String database, String sql) throws SQLException {
        try (Connection c = raw(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rs.getLong(1);
        }
    }

    public void execute(String database, String... sql) throws SQLException {
        try (Connection c = raw(database); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
