package nl.poortwachter.recorder.database;

/**
 * The database belongs to another storage folder (for example a restored backup of the wrong disk): opening it
 * would mix one disk's footage with another disk's index, users or audit log. Nothing was changed.
 */
public final class ForeignDatabaseException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public ForeignDatabaseException(String message) {
        super(message);
    }
}
