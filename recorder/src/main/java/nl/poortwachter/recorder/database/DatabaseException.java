package nl.poortwachter.recorder.database;

/** A database could not be opened, read or written; the message names the database and what failed. */
public class DatabaseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseException(String message) {
        super(message);
    }
}
