package nl.poortwachter.gateway.auth;

import java.security.SecureRandom;

/**
 * Generated passwords: 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I), about 110 bits,
 * in groups of five so that an admin can read one out over the phone.
 */
public final class OneTimePassword {
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

    private OneTimePassword() {
    }

    public static String generate(SecureRandom random) {
        StringBuilder b = new StringBuilder(23);
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                b.append('-');
            }
            b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }
}
