package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One of the gateway's databases as a schema of the cluster's PostgreSQL database (D70): {@code pw_index},
 * {@code pw_audit}, {@code pw_auth}. Every connection works in that schema only (its search path), so the stores'
 * SQL is the same as on SQLite. Commits wait for the server's WAL flush ({@code synchronous_commit=on}) whatever
 * the {@link Durability}: PostgreSQL has no cheaper setting that still survives a crash of the server.
 */
public final class PostgresConnector implements Connector {
    private final String what;
    private final String schema;
    private final PostgresOptions options;

    /**
     * @param what     the database's name in messages, e.g. "index database"
     * @param database the gateway's name for it ("index", "audit", "auth"); the schema is {@code pw_<database>}
     */
    public PostgresConnector(String what, String database, PostgresOptions options) {
        if (!database.matches("[a-z]+")) {
            throw new IllegalArgumentException("database name: " + database);
        }
        this.what = what;
        this.schema = "pw_" + database;
        this.options = options;
    }

    public String schema() {
        return schema;
    }

    @Override
    public Dialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return what + " " + options.url() + " (schema " + schema + ")";
    }

    @Override
    public boolean exists() {
        try (Connection c = connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public Connection openWriter() throws SQLException {
        Connection c = connect();
        try (Statement s = c.createStatement()) {
            try {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            } catch (SQLException e) {
                // Two nodes creating it at once: one of them gets a unique violation; the schema exists either way.
                if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState())) {
                    throw e;
                }
            }
            session(s);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public Connection openReader() throws SQLException {
        Connection c = connect();
        try (Statement s = c.createStatement()) {
            session(s);
            c.setReadOnly(true);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void session(Statement s) throws SQLException {
        s.execute("SET search_path TO " + schema);
        s.execute("SET synchronous_commit TO on");
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (options.user() != null) {
            p.setProperty("user", options.user());
        }
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        p.setProperty("ApplicationName", "poortwachter");
        // A dead server must not hold a writer thread for minutes: fail, and let the caller refuse (fail closed).
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(options.url(), p);
    }

    @Override
    public int readers() {
        return options.readers();
    }
}
