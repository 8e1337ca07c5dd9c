package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Work with a connection the {@link Database} lends: the writer's (inside a transaction) or a reader's. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
