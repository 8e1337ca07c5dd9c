package nl.poortwachter.gateway.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK (no extra dependency to keep up to date). Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}, so that raising the iteration count later does not
 * invalidate existing hashes: they are re-hashed at the next successful login.
 */
public final class PasswordHasher {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random;
    /** Verified against for unknown user names, so that they take as long as known ones. */
    private final String dummyHash;

    public PasswordHasher(int iterations, SecureRandom random) {
        this.iterations = iterations;
        this.random = random;
        this.dummyHash = hash("not a password of anyone".toCharArray());
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return PREFIX + "$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
    }

    /** Constant-time comparison; a null stored hash (unknown user) is checked against a dummy and fails. */
    public boolean verify(char[] password, String stored) {
        String[] parts = (stored == null ? dummyHash : stored).split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        int n;
        try {
            n = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), n);
        return MessageDigest.isEqual(expected, actual) && stored != null;
    }

    public boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !parts[1].equals(Integer.toString(iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
