package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where one database lives and how to connect to it, with the settings that database needs (durability, for
 * SQLite also its pragmas): a file for SQLite ({@link SqliteConnector}), a server for PostgreSQL later.
 */
public interface Connector {

    Dialect dialect();

    /** The database and where it is, for messages, e.g. {@code index database /srv/poortwachter/index.db}. */
    String describe();

    /** Whether the database exists already (a check never creates one). */
    boolean exists();

    /** The one connection that writes; creates the database (only its owner may read it) when it is new. */
    Connection openWriter() throws SQLException;

    /** A connection that can only read. */
    Connection openReader() throws SQLException;

    /** How many read connections to keep beside the writer. */
    int readers();
}
