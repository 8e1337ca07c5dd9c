package nl.poortwachter.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15));

    private LoginThrottle.Attempt fail(String name, String address) {
        LoginThrottle.Attempt a = throttle.begin(name, address);
        if (!a.refused()) {
            throttle.failed(a);
        }
        return a;
    }

    private LoginThrottle.Attempt succeed(String name, String address) {
        LoginThrottle.Attempt a = throttle.begin(name, address);
        if (!a.refused()) {
            throttle.succeeded(a);
        }
        return a;
    }

    @Test
    void aBurstIsCountedBeforeAnyPasswordIsChecked() {
        List<LoginThrottle.Attempt> admitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            LoginThrottle.Attempt a = throttle.begin("ina", "10.0.0.1"); // none finished yet: all in flight
            if (!a.refused()) {
                admitted.add(a);
            }
        }
        assertEquals(3, admitted.size(), "only maxFailures passwords are checked, however concurrent");
        admitted.forEach(throttle::failed);
        assertEquals(30_000, throttle.begin("ina", "10.0.0.1").retryAfterMillis());
    }

    @Test
    void locksTheNameFromThatAddressOnlyWithDoublingBackoff() {
        for (int i = 0; i < 3; i++) {
            assertFalse(fail("ina", "10.0.0.1").refused());
        }
        assertEquals(30_000, throttle.begin("ina", "10.0.0.1").retryAfterMillis());
        assertFalse(throttle.begin("INA", "10.0.0.2").refused(), "the same user from elsewhere is not locked out");
        assertFalse(throttle.begin("bob", "10.0.0.1").refused(), "nor is another user from the same address");
        clock.advance(Duration.ofSeconds(30));
        assertFalse(fail("ina", "10.0.0.1").refused());
        assertEquals(60_000, throttle.begin("ina", "10.0.0.1").retryAfterMillis(), "doubles");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(15));
            fail("ina", "10.0.0.1");
        }
        assertEquals(15 * 60_000, throttle.begin("ina", "10.0.0.1").retryAfterMillis(), "capped");
    }

    @Test
    void successClearsThePairButNotTheAddress() {
        fail("ina", "10.0.0.1");
        fail("ina", "10.0.0.1");
        succeed("ina", "10.0.0.1");
        fail("ina", "10.0.0.1");
        fail("ina", "10.0.0.1");
        assertFalse(throttle.begin("ina", "10.0.0.1").refused(), "the pair started afresh after the success");

        // 10 failures from one address, each followed by someone's successful login from it: the count stays.
        for (int i = 0; i < 10; i++) {
            fail("name" + i, "10.0.0.9");
            succeed("admin", "10.0.0.9");
        }
        clock.advance(Duration.ofSeconds(5));
        LoginThrottle.Attempt first = throttle.begin("someone", "10.0.0.9");
        assertEquals(0, first.waitMillis(), "the first attempt after a pause goes at once");
        LoginThrottle.Attempt second = throttle.begin("someone-else", "10.0.0.9");
        assertEquals(1_000, second.waitMillis(), "the next one is spaced out");
        assertEquals(0, throttle.begin("someone", "10.0.0.8").waitMillis(), "other addresses are not affected");
    }

    @Test
    void anAddressTryingManyNamesIsSlowedButItsLegitimateUserGetsIn() {
        for (int i = 0; i < 10; i++) {
            fail("name" + i, "10.0.0.9");
        }
        // A concurrent spray: spaced 1, 2, 4, 8 s; what would wait more than 10 s is refused at once.
        List<LoginThrottle.Attempt> admitted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            LoginThrottle.Attempt a = throttle.begin("spray" + i, "10.0.0.9");
            if (a.refused()) {
                refused++;
                assertTrue(a.retryAfterMillis() > 0 && a.retryAfterMillis() <= 10_000 + 8_000, "" + a.retryAfterMillis());
            } else {
                admitted.add(a);
            }
        }
        assertEquals(List.of(0L, 1_000L, 3_000L, 7_000L), admitted.stream().map(LoginThrottle.Attempt::waitMillis).toList());
        assertEquals(46, refused);
        admitted.forEach(throttle::failed);
        // The spray is over (its attempts checked): the admin's attempt from that address waits at most the cap.
        clock.advance(Duration.ofSeconds(15));
        LoginThrottle.Attempt admin = throttle.begin("admin", "10.0.0.9");
        assertFalse(admin.refused());
        assertTrue(admin.waitMillis() <= 10_000, "" + admin.waitMillis());
        // An hour without failures and the address is forgotten; success alone never clears it.
        clock.advance(Duration.ofMinutes(61));
        throttle.succeeded(admin);
        assertEquals(0, throttle.begin("x", "10.0.0.9").waitMillis());
        assertEquals(0, throttle.begin("y", "10.0.0.9").waitMillis());
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        for (int i = 0; i < 10; i++) {
            fail("name" + i, "2001:db8:1:2:0:0:0:" + Integer.toHexString(i + 1));
        }
        throttle.begin("a", "2001:db8:1:2::ffff");
        assertEquals(1_000, throttle.begin("b", "2001:db8:1:2:abcd::1").waitMillis(), "same /64");
        assertEquals(0, throttle.begin("b", "2001:db8:1:3::1").waitMillis(), "another /64");
    }
}
