package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the SQL engines the gateway runs on, and only that. The stores write DML that both
 * engines accept (ON CONFLICT ... DO NOTHING/UPDATE, RETURNING, CASE instead of two-argument MIN/MAX, integer
 * booleans, BIGINT epoch milliseconds), so they need no dialect; DDL differs per engine and lives in each
 * dialect's migration folder ({@link Schema}). SQLite is the embedded default ({@link SqliteDialect}); PostgreSQL
 * is the cluster's shared database ({@link PostgresDialect}, D70), with its own connector and DDL, the same stores.
 */
public interface Dialect {

    /** Names the folder of this dialect's own migration steps: {@code db/<database>/<name>/}. */
    String name();

    /** The version of the schema the database is at: 0 for a new, empty database. */
    int schemaVersion(Connection c) throws SQLException;

    /** Records the version inside the migration step's transaction, so both commit together or neither does. */
    void setSchemaVersion(Connection c, int version) throws SQLException;

    /** What the engine's own consistency checks find wrong (pages, indexes, foreign keys); empty when all is well. */
    List<String> integrityProblems(Connection c) throws SQLException;

    /**
     * Whether several gateways (the nodes of a cluster) use the database at once: then it is bound to one storage
     * folder per node ({@link StorageBinding}) and migrations are serialised across them ({@link #lockMigrations}).
     */
    boolean shared();

    /**
     * Holds off every other node's migration of the same database until {@link #unlockMigrations}: the first node
     * to start migrates, the others then find the newest version. Nothing to do where the database has one user.
     */
    void lockMigrations(Connection c, String database) throws SQLException;

    void unlockMigrations(Connection c, String database) throws SQLException;

    /**
     * Inside a transaction: holds off every other node's transaction that serialises on the same {@code what} until
     * this one ends (commit or rollback). The audit log's appends use it so that the cluster has one hash chain
     * (D71). Nothing to do where the database has one writer.
     */
    void serialise(Connection c, String what) throws SQLException;

    /**
     * An SQL expression for the database server's clock in epoch milliseconds (BIGINT). Leases are timed by it: one
     * clock for every node, so a node whose own clock is off (or that was paused) cannot stretch a lease.
     */
    String nowMillis();

    /**
     * On this connection, from now until called with {@code false}: asks the engine to overwrite the bytes of rows that
     * are deleted or updated, so an old value (a camera password before it was sealed) is not left readable in free
     * pages. Off by default because it makes every delete slower. SQLite does it with
     * {@code secure_delete}; PostgreSQL keeps dead row versions until VACUUM reclaims them, which only the database's
     * operator controls, so there it does nothing (docs/threat-model.md).
     */
    void overwriteFreedBytes(Connection c, boolean on) throws SQLException;
}
