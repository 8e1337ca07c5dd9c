package nl.poortwachter.recorder.storage;

/**
 * Another gateway (or a check) holds the storage folder's lock: two on one folder would both record into it and
 * both delete from it. The message is one line naming the folder and, when known, the other process.
 */
public final class StorageInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StorageInUseException(String message) {
        super(message);
    }
}
