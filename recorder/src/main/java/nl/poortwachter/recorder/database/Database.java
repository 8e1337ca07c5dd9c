package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.logging.Log;

/**
 * One open database: a single writer connection owned by one thread, so every write runs in order and in a
 * transaction of its own, and a few read-only connections beside it (WAL: readers never wait for the writer).
 * Opening migrates the schema to this build's version and binds the database to its storage folder.
 *
 * <p>Stores call {@link #write} (one transaction, waits for its commit) and {@link #read}. Work that must run
 * several transactions in order on the writer thread (a {@link GroupCommit} flush before another write) uses
 * {@link #onWriter} with {@link #transaction} inside.
 */
public final class Database implements AutoCloseable {
    private static final Log LOG = Log.of(Database.class);

    private final Connector connector;
    private final Dialect dialect;
    /** Replaced when a server connection broke (PostgreSQL restarted, network cut): only on the writer thread. */
    private Connection writer;
    private final ExecutorService writeThread;
    private volatile Thread writerThread;
    private final List<Connection> readers;
    private final BlockingQueue<Connection> idleReaders;

    private Database(Connector connector, Connection writer, List<Connection> readers, String threadName) {
        this.connector = connector;
        this.dialect = connector.dialect();
        this.writer = writer;
        this.readers = new ArrayList<>(readers);
        this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, readers.size()), false, readers);
        this.writeThread = writer == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            writerThread = t;
            return t;
        });
    }

    /**
     * Opens (creating it if new) and migrates the database, then binds it to the storage folder.
     *
     * @param storageId the storage folder's identity, or null to leave the binding alone (tools, tests)
     * @throws ForeignDatabaseException when the database belongs to another storage folder
     * @throws DatabaseException        when it cannot be opened or migrated (nothing half-done is left)
     */
    public static Database open(Connector connector, Schema schema, String storageId) {
        Connection writer = null;
        List<Connection> readers = new ArrayList<>();
        try {
            writer = connector.openWriter();
            // On the opening thread, before the writer thread exists: nobody else has the database yet.
            Migrations.migrate(writer, connector.dialect(), schema, connector.describe());
            if (storageId != null) {
                bind(connector, writer, storageId, connector.describe());
            }
            for (int i = 0; i < connector.readers(); i++) {
                readers.add(connector.openReader());
            }
            return new Database(connector, writer, readers, schema.name() + "-db-writer");
        } catch (SQLException | RuntimeException e) {
            closeAll(readers, writer);
            if (e instanceof DatabaseException d) {
                throw d;
            }
            throw new DatabaseException("cannot open " + connector.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Read-only, for an offline check: no migration, no binding, no writer; {@link #write} is refused. */
    public static Database openReadOnly(Connector connector) {
        if (!connector.exists()) {
            throw new DatabaseException(connector.describe() + " does not exist");
        }
        try {
            return new Database(connector, null, List.of(connector.openReader()), null);
        } catch (SQLException e) {
            throw new DatabaseException("cannot open " + connector.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void bind(Connector connector, Connection c, String storageId, String describe) throws SQLException {
        c.setAutoCommit(false);
        try {
            StorageBinding.bind(c, connector.dialect(), storageId, describe, System.currentTimeMillis());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public String describe() {
        return connector.describe();
    }

    /** One transaction on the writer thread, in order with every other write; returns once it is committed. */
    public <T> T write(SqlWork<T> work) {
        return onWriter(() -> transaction(work));
    }

    /** Runs on the writer thread and waits for it; inside, {@link #transaction} runs one transaction. */
    public <T> T onWriter(Callable<T> work) {
        if (writeThread == null) {
            throw new DatabaseException(describe() + " is open read-only");
        }
        if (Thread.currentThread() == writerThread) {
            return call(work);
        }
        Future<T> f = writeThread.submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while writing the " + describe(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DatabaseException(describe() + ": write failed: " + cause.getMessage(), cause);
        }
    }

    /** Queues work for the writer thread without waiting (a group commit's flush). */
    public void submit(Runnable work) {
        if (writeThread == null) {
            throw new DatabaseException(describe() + " is open read-only");
        }
        writeThread.execute(work);
    }

    /** One transaction; only on the writer thread ({@link #onWriter}, {@link #submit}). Rolled back if it throws. */
    public <T> T transaction(SqlWork<T> work) throws SQLException {
        if (Thread.currentThread() != writerThread) {
            throw new IllegalStateException("a transaction of the " + describe() + " outside its writer thread");
        }
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            writer = usable(writer);
            throw e;
        }
    }

    /**
     * After a failure: the same connection if it still works, else a new one (a database server that restarted or
     * was out of reach). The failed work is not retried here: its caller hears the failure, as it would on one node.
     */
    private Connection usable(Connection c) {
        try {
            if (c.isValid(2)) {
                return c;
            }
        } catch (SQLException ignored) {
            // treated as broken
        }
        try {
            Connection fresh = connector.openWriter();
            closeQuietly(c);
            LOG.warn("database.reconnected", "database", describe());
            return fresh;
        } catch (SQLException e) {
            return c;
        }
    }

    /** Reads on one of the read-only connections (waiting for one when all are busy). */
    public <T> T read(SqlWork<T> work) {
        Connection c;
        try {
            c = idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while reading the " + describe(), e);
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            c = usableReader(c);
            throw new DatabaseException(describe() + ": read failed: " + e.getMessage(), e);
        } finally {
            idleReaders.add(c);
        }
    }

    /** As {@link #usable}, for a reader; the pool keeps its size (a reader replaced is dropped from it). */
    private Connection usableReader(Connection c) {
        try {
            if (c.isValid(2)) {
                return c;
            }
            Connection fresh = connector.openReader();
            closeQuietly(c);
            synchronized (readers) {
                readers.remove(c);
                readers.add(fresh);
            }
            return fresh;
        } catch (SQLException e) {
            return c;
        }
    }

    /** A query on a reader: every row, mapped. */
    public <T> List<T> list(String sql, Sql.Params params, Sql.Row<T> row) {
        return read(c -> Sql.list(c, sql, params, row));
    }

    /** A query on a reader: the first row, if any. */
    public <T> Optional<T> first(String sql, Sql.Params params, Sql.Row<T> row) {
        return read(c -> Sql.first(c, sql, params, row));
    }

    /** One statement in a transaction of its own on the writer; returns the number of rows changed. */
    public int update(String sql, Sql.Params params) {
        return write(c -> Sql.update(c, sql, params));
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DatabaseException("write failed: " + e.getMessage(), e);
        }
    }

    /** Lets queued writes finish, then closes the readers and the writer last (its close checkpoints the WAL). */
    @Override
    public void close() {
        if (writeThread != null) {
            writeThread.shutdown();
            try {
                if (!writeThread.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("database.close.timeout", "database", describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeAll(readers, writer);
    }

    private static void closeAll(List<Connection> readers, Connection writer) {
        for (Connection c : List.copyOf(readers)) {
            closeQuietly(c);
        }
        if (writer != null) {
            closeQuietly(writer);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("database.close", "error", e.getMessage());
        }
    }
}
