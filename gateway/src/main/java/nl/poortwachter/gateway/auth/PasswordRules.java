package nl.poortwachter.gateway.auth;

/**
 * Length is what makes a password strong (NIST SP 800-63B); composition rules mostly make people write them down.
 * The upper bound keeps a megabyte "password" from costing a megabyte of PBKDF2 input per attempt.
 */
public final class PasswordRules {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordRules() {
    }

    /** The problem with this password, or null when it is acceptable. Never quotes the password. */
    public static String problem(String password, String username) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (username != null && password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
            return "must not contain the user name";
        }
        return null;
    }
}
