package nl.poortwachter.recorder.database;

import nl.poortwachter.recorder.storage.OwnerOnly;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import nl.poortwachter.recorder.logging.Log;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** One SQLite file. A new file is made readable by its owner only (0600) before SQLite writes anything into it. */
public final class SqliteConnector implements Connector {
    private static final Log LOG = Log.of(SqliteConnector.class);

    private final String what;
    private final Path file;
    private final SqliteOptions options;

    /** @param what the database's name in messages, e.g. "index database" */
    public SqliteConnector(String what, Path file, SqliteOptions options) {
        this.what = what;
        this.file = file.toAbsolutePath();
        this.options = options;
    }

    public Path file() {
        return file;
    }

    @Override
    public Dialect dialect() {
        return SqliteDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return what + " " + file;
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    @Override
    public Connection openWriter() throws SQLException {
        createOwnerOnly();
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // NORMAL in WAL mode: a committed transaction survives a process crash; power loss may lose the last
            // ones. FULL: every commit is synced to disk before it returns.
            s.execute("PRAGMA synchronous=" + (options.durability() == Durability.POWER_LOSS ? "FULL" : "NORMAL"));
            common(s);
            if (options.walLimitBytes() > 0) {
                long pageSize;
                try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                    pageSize = rs.getLong(1);
                }
                s.execute("PRAGMA wal_autocheckpoint=" + Math.max(1, options.walLimitBytes() / pageSize));
                s.execute("PRAGMA journal_size_limit=" + options.walLimitBytes());
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public Connection openReader() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        try (Statement s = c.createStatement()) {
            common(s);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void common(Statement s) throws SQLException {
        s.execute("PRAGMA foreign_keys=" + (options.foreignKeys() ? "ON" : "OFF"));
        s.execute("PRAGMA busy_timeout=" + options.busyTimeoutMillis());
    }

    @Override
    public int readers() {
        return options.readers();
    }

    /** SQLite gives its -wal and -shm files the mode of the database file, so they are covered too. */
    private void createOwnerOnly() throws SQLException {
        if (Files.exists(file)) {
            return;
        }
        try {
            OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
            OwnerOnly.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by someone else: SQLite opens it as it is
        } catch (IOException e) {
            throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }
}
