package nl.poortwachter.recorder;

/** No register entry has this number. */
public final class NoSuchRegisterEntryException extends RuntimeException {
    public NoSuchRegisterEntryException(long id) {
        super("no register entry " + id, null, false, false);
    }
}
