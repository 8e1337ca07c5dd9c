package nl.poortwachter.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast passwords may be tried (logins and the own-password change), so that an attacker can neither guess
 * fast nor lock a legitimate user out (docs/decisions.md D33):
 * <ul>
 *   <li><b>per user name and address</b>: after {@code maxFailures} failures that pair is locked for {@code base},
 *       doubling with every further failure up to {@code max}; a success clears it. Someone guessing one user's
 *       password from one address is stopped; the same user from another address is not.</li>
 *   <li><b>per address</b> (IPv6 by /64), over all names: after {@code maxPerAddress} failures the address's
 *       attempts are spaced out, one password check per {@link #ADDRESS_DELAY_BASE} doubling per further failure
 *       up to {@link #ADDRESS_DELAY_MAX}; an attempt that would have to wait longer than that is refused (429).
 *       Success does not clear this count (a login of one's own must not hide another's guessing); it is forgotten
 *       after {@link #ADDRESS_MEMORY} without failures. A legitimate user from the same address waits at most a few
 *       seconds, and only while someone else is trying from it at that moment.</li>
 * </ul>
 * An attempt is counted when it is admitted, before its password is hashed, atomically: a burst of concurrent
 * guesses gets {@code maxFailures} checks for the pair, the rest are refused at once. Names count whether or not
 * such a user exists, so the answers say nothing about existence. Bounded in memory: the least recently used keys
 * are forgotten first.
 */
public final class LoginThrottle {
    static final Duration ADDRESS_DELAY_BASE = Duration.ofSeconds(1);
    static final Duration ADDRESS_DELAY_MAX = Duration.ofSeconds(10);
    static final Duration ADDRESS_MEMORY = Duration.ofHours(1);
    private static final int MAX_KEYS = 20_000;

    private final Clock clock;
    private final int maxFailures;
    private final int maxPerAddress;
    private final Duration base;
    private final Duration max;
    private final Map<String, PairCounter> pairs = lru();
    private final Map<String, AddressCounter> addresses = lru();

    private static final class PairCounter {
        int failures;
        long lockedUntil;
        long lastFailure;
    }

    private static final class AddressCounter {
        int failures;
        int inFlight;
        long nextSlot;
        long lastFailure;
    }

    /**
     * An attempt: either refused ({@link #retryAfterMillis} &gt; 0: answer 429, check no password), or admitted to
     * check its password after {@link #waitMillis}; then exactly one of {@link #failed} or {@link #succeeded}.
     */
    public static final class Attempt {
        private final String pairKey;
        private final AddressCounter address;
        private final long retryAfterMillis;
        private final long waitMillis;
        private boolean done;

        private Attempt(String pairKey, AddressCounter address, long retryAfterMillis, long waitMillis) {
            this.pairKey = pairKey;
            this.address = address;
            this.retryAfterMillis = retryAfterMillis;
            this.waitMillis = waitMillis;
        }

        public boolean refused() {
            return retryAfterMillis > 0;
        }

        /** For a refused attempt: how long until this pair or address may try again (Retry-After). */
        public long retryAfterMillis() {
            return retryAfterMillis;
        }

        /** For an admitted attempt: how long to wait before checking the password (the address's spacing). */
        public long waitMillis() {
            return waitMillis;
        }
    }

    /**
     * @param maxFailures   failures per user name and address before that pair is locked
     * @param maxPerAddress failures from one address, over all names, before its attempts are spaced out
     * @param base          the pair's first lock, doubling per further failure up to {@code max}
     */
    public LoginThrottle(Clock clock, int maxFailures, int maxPerAddress, Duration base, Duration max) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.maxPerAddress = maxPerAddress;
        this.base = base;
        this.max = max;
    }

    /** Admits or refuses an attempt by this user name from this address; an admitted one counts as failed until told otherwise. */
    public synchronized Attempt begin(String username, String address) {
        long now = clock.millis();
        String pairKey = UserStore.normalise(username == null ? "" : username) + "\n" + addressKey(address);
        PairCounter pair = pairs.computeIfAbsent(pairKey, k -> new PairCounter());
        if (pair.lastFailure > 0 && now - pair.lastFailure > max.toMillis() && now >= pair.lockedUntil) {
            pair.failures = 0; // an old streak does not count against a new day
        }
        if (pair.lockedUntil > now) {
            return new Attempt(pairKey, null, pair.lockedUntil - now, 0);
        }
        AddressCounter a = addresses.computeIfAbsent(addressKey(address), k -> new AddressCounter());
        if (a.inFlight == 0 && a.lastFailure > 0 && now - a.lastFailure > ADDRESS_MEMORY.toMillis()) {
            a.failures = 0;
        }
        long start = Math.max(now, a.nextSlot);
        if (start - now > ADDRESS_DELAY_MAX.toMillis()) {
            return new Attempt(pairKey, null, start - now, 0);
        }
        // Attempts still being checked count as failures: a concurrent burst cannot slip past the limits.
        int count = a.failures + a.inFlight;
        long spacing = count < maxPerAddress ? 0
                : Math.min(ADDRESS_DELAY_BASE.toMillis() << Math.min(count - maxPerAddress, 20), ADDRESS_DELAY_MAX.toMillis());
        a.nextSlot = start + spacing;
        a.inFlight++;
        pair.failures++;
        pair.lastFailure = now;
        if (pair.failures >= maxFailures) {
            int over = Math.min(pair.failures - maxFailures, 20);
            pair.lockedUntil = now + Math.min(base.toMillis() << over, max.toMillis());
        }
        return new Attempt(pairKey, a, 0, start - now);
    }

    /** The password was wrong: the pair keeps the failure it was charged, the address counts one. */
    public synchronized void failed(Attempt attempt) {
        if (finish(attempt)) {
            attempt.address.failures++;
            attempt.address.lastFailure = clock.millis();
        }
    }

    /** The password was right: the pair starts afresh; the address's count of failures stays. */
    public synchronized void succeeded(Attempt attempt) {
        if (finish(attempt)) {
            pairs.remove(attempt.pairKey);
        }
    }

    private static boolean finish(Attempt attempt) {
        if (attempt.refused() || attempt.done) {
            return false;
        }
        attempt.done = true;
        attempt.address.inFlight--;
        return true;
    }

    /** IPv6 clients by their /64: one subscriber holds a whole /64 and could otherwise rotate through it. */
    static String addressKey(String address) {
        if (address == null) {
            return "-";
        }
        if (address.indexOf(':') >= 0 && address.matches("[0-9a-fA-F:.]+")) {
            try {
                byte[] b = InetAddress.getByName(address).getAddress();
                if (b.length == 16) {
                    return "v6:" + java.util.HexFormat.of().formatHex(Arrays.copyOf(b, 8)) + "::/64";
                }
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }
}
