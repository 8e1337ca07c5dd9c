package nl.poortwachter.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backoff after failed logins, per user name and per client address. It counts names whether or not such a user
 * exists, so a lockout says nothing about existence. After {@code maxFailures} failures the key is locked for
 * {@code base}, doubling with every further failure up to {@code max}. Bounded in memory: someone trying a
 * million names cannot fill the heap (the oldest keys are forgotten first).
 */
public final class LoginThrottle {
    private static final int MAX_KEYS = 20_000;

    private final Clock clock;
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration base;
    private final Duration max;
    private final Map<String, Counter> counters = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Counter {
        int failures;
        long lockedUntil;
        long lastFailure;
    }

    public LoginThrottle(Clock clock, int maxPerUser, int maxPerAddress, Duration base, Duration max) {
        this.clock = clock;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.base = base;
        this.max = max;
    }

    /** Milliseconds until this user name or address may try again; 0 when it may now. */
    public synchronized long retryAfterMillis(String username, String address) {
        long now = clock.millis();
        return Math.max(wait(userKey(username), now), wait(addressKey(address), now));
    }

    public synchronized void failed(String username, String address) {
        long now = clock.millis();
        fail(userKey(username), maxPerUser, now);
        fail(addressKey(address), maxPerAddress, now);
    }

    public synchronized void succeeded(String username, String address) {
        counters.remove(userKey(username));
        counters.remove(addressKey(address));
    }

    private long wait(String key, long now) {
        Counter c = counters.get(key);
        return c == null ? 0 : Math.max(0, c.lockedUntil - now);
    }

    private void fail(String key, int limit, long now) {
        Counter c = counters.computeIfAbsent(key, k -> new Counter());
        if (c.lastFailure > 0 && now - c.lastFailure > max.toMillis() && now >= c.lockedUntil) {
            c.failures = 0; // an old streak of failures does not count against a new day
        }
        c.failures++;
        c.lastFailure = now;
        if (c.failures >= limit) {
            int over = Math.min(c.failures - limit, 20);
            long lock = Math.min(base.toMillis() << over, max.toMillis());
            c.lockedUntil = now + lock;
        }
    }

    private static String userKey(String username) {
        return "u:" + UserStore.normalise(username == null ? "" : username);
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
