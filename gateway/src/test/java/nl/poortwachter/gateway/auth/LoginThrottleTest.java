package nl.poortwachter.gateway.auth;

import java.time.Instant;
import nl.poortwachter.recorder.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, 10, Duration.ofSeconds(30), Duration.ofMinutes(15));

    @Test
    void locksAUserNameAfterRepeatedFailuresWithDoublingBackoff() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("ina", "10.0.0.1");
            assertEquals(0, throttle.retryAfterMillis("ina", "10.0.0.1"));
        }
        throttle.failed("ina", "10.0.0.1");
        assertEquals(30_000, throttle.retryAfterMillis("ina", "10.0.0.2"), "locked for every address");
        assertEquals(0, throttle.retryAfterMillis("bob", "10.0.0.2"), "others are not affected");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, throttle.retryAfterMillis("INA", "10.0.0.1"));
        throttle.failed("ina", "10.0.0.1");
        assertEquals(60_000, throttle.retryAfterMillis("ina", "10.0.0.1"), "doubles");
        for (int i = 0; i < 10; i++) {
            throttle.failed("ina", "10.0.0." + (i + 3));
        }
        assertEquals(15 * 60_000, throttle.retryAfterMillis("ina", "10.0.0.99"), "capped");
    }

    @Test
    void locksAnAddressTryingManyNames() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("name" + i, "10.0.0.9");
        }
        assertTrue(throttle.retryAfterMillis("someone-new", "10.0.0.9") > 0);
        assertEquals(0, throttle.retryAfterMillis("someone-new", "10.0.0.8"));
    }

    @Test
    void successResets() {
        throttle.failed("ina", "10.0.0.1");
        throttle.failed("ina", "10.0.0.1");
        throttle.succeeded("ina", "10.0.0.1");
        throttle.failed("ina", "10.0.0.1");
        assertEquals(0, throttle.retryAfterMillis("ina", "10.0.0.1"));
    }
}
