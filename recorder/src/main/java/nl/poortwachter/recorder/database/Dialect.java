package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the SQL engines the gateway runs on, and only that. The stores write DML that both
 * engines accept (ON CONFLICT ... DO NOTHING/UPDATE, RETURNING, CASE instead of two-argument MIN/MAX, integer
 * booleans, BIGINT epoch milliseconds), so they need no dialect; DDL differs per engine and lives in each
 * dialect's migration folder ({@link Schema}). SQLite is the embedded default; PostgreSQL (the cluster) is to
 * be added as a second implementation, with its own connector and DDL, not as a second set of stores.
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
}
