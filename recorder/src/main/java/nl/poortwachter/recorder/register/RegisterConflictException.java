package nl.poortwachter.recorder.register;

/** A register change refused because of the register's state: changed since it was read, or connected. */
public final class RegisterConflictException extends RuntimeException {
    public RegisterConflictException(String message) {
        super(message, null, false, false);
    }
}
