package nl.poortwachter.gateway.check;

import nl.poortwachter.recorder.database.ForeignDatabaseException;
import nl.poortwachter.recorder.secrets.SealedCredentialException;
import nl.poortwachter.recorder.storage.StorageInUseException;

/**
 * Why a start was refused for the storage folder's sake (another gateway uses it, a database belongs to another
 * folder, stored camera passwords do not open with the configured credential key): an operator's situation, told in
 * one line rather than a stack trace.
 */
public final class StorageRefusal {
    private StorageRefusal() {
    }

    /** The refusal anywhere in the cause chain (start-up wraps it on the way), or null. */
    public static RuntimeException of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageInUseException || c instanceof ForeignDatabaseException
                    || c instanceof SealedCredentialException) {
                return (RuntimeException) c;
            }
        }
        return null;
    }
}
