package nl.poortwachter.gateway.auth;

import java.time.Instant;
import nl.poortwachter.recorder.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(15), Duration.ofHours(8), new SecureRandom());

    @Test
    void tokensAre256RandomBitsWithAPrefixAndOnlyTheirHashIsKept() {
        Sessions.Issued a = sessions.create("u1");
        Sessions.Issued b = sessions.create("u1");
        assertTrue(a.token().matches(Sessions.TOKEN_PATTERN), a.token());
        assertNotEquals(a.token(), b.token());
        assertFalse(a.session().hash().contains(a.token().substring(4)));
        assertEquals(Sessions.hash(a.token()), a.session().hash());
        assertFalse(a.toString().contains(a.token()), "toString never shows the token");
        assertTrue(sessions.lookup(a.token()).isPresent());
        assertTrue(sessions.lookup(a.token() + "x").isEmpty());
        assertTrue(sessions.lookup("pwt_" + "A".repeat(43)).isEmpty());
    }

    @Test
    void idleExpiry() {
        Sessions.Issued s = sessions.create("u1");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.lookup(s.token()).isPresent(), "used within the idle time: still valid, and touched");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.lookup(s.token()).isPresent(), "idle time counts from the last use");
        clock.advance(Duration.ofMinutes(15));
        assertTrue(sessions.lookup(s.token()).isEmpty(), "15 minutes unused: expired");
        assertTrue(sessions.lookup(s.token()).isEmpty(), "and stays expired");
    }

    @Test
    void absoluteExpiryEvenWhenActive() {
        Sessions.Issued s = sessions.create("u1");
        for (int i = 0; i < 8 * 6 - 1; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertTrue(sessions.lookup(s.token()).isPresent(), "minute " + (i + 1) * 10);
        }
        clock.advance(Duration.ofMinutes(10));
        assertTrue(sessions.lookup(s.token()).isEmpty(), "8 hours after login, however active");
    }

    @Test
    void revocation() {
        Sessions.Issued a = sessions.create("u1");
        Sessions.Issued b = sessions.create("u1");
        Sessions.Issued c = sessions.create("u2");
        assertTrue(sessions.revoke(a.token()));
        assertTrue(sessions.lookup(a.token()).isEmpty());
        assertTrue(sessions.lookup(b.token()).isPresent());
        sessions.revokeAll("u1");
        assertTrue(sessions.lookup(b.token()).isEmpty());
        assertTrue(sessions.lookup(c.token()).isPresent());
    }
}
