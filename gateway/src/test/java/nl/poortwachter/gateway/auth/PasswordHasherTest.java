package nl.poortwachter.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(10_000, new SecureRandom());

    @Test
    void saltedSlowHashThatVerifies() {
        String a = hasher.hash("correct horse battery".toCharArray());
        String b = hasher.hash("correct horse battery".toCharArray());
        assertTrue(a.startsWith("pbkdf2-sha256$10000$"), a);
        assertNotEquals(a, b, "salted");
        assertFalse(a.contains("correct"));
        assertTrue(hasher.verify("correct horse battery".toCharArray(), a));
        assertFalse(hasher.verify("correct horse batterY".toCharArray(), a));
        assertFalse(hasher.verify("anything".toCharArray(), null), "unknown user: checked against a dummy, false");
        assertFalse(hasher.verify("x".toCharArray(), "garbage"));
    }

    @Test
    void olderIterationCountsVerifyAndAskForARehash() {
        String old = new PasswordHasher(20_000, new SecureRandom()).hash("correct horse battery".toCharArray());
        assertTrue(hasher.verify("correct horse battery".toCharArray(), old));
        assertTrue(hasher.needsRehash(old));
        assertFalse(hasher.needsRehash(hasher.hash("x-password-long".toCharArray())));
    }

    @Test
    void passwordRules() {
        assertNotNull(PasswordRules.problem("short", "ina"));
        assertNotNull(PasswordRules.problem("ina-is-my-password", "ina"));
        assertNotNull(PasswordRules.problem("x".repeat(257), "ina"));
        assertNull(PasswordRules.problem("twelve chars!", "ina"));
    }
}
