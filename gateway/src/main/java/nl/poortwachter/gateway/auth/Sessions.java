package nl.poortwachter.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.logging.StructuredFormatter.SecretMask;

/**
 * Login sessions: opaque 256-bit random tokens, of which only the SHA-256 is kept, in memory. A restart therefore
 * logs everyone out, which we accept: it keeps the event loop off the disk and leaves no token database to steal.
 * Each login session has an idle and an absolute expiry; logout, a password change and removing a user revoke.
 */
public final class Sessions {
    /** Tokens carry a recognisable prefix so that the log formatter (and secret scanners) can mask them. */
    public static final String TOKEN_PREFIX = "pwt_";
    public static final String TOKEN_PATTERN = "pwt_[A-Za-z0-9_-]{43}";
    /** How every log line masks a token that reached it anyway (the process installs it with the log output). */
    public static final SecretMask LOG_MASK = new SecretMask(Pattern.compile(TOKEN_PATTERN), TOKEN_PREFIX + "***");

    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, Session> byHash = new ConcurrentHashMap<>();

    /** One session; {@code ref} (12 hex of the hash) names it in the audit log. */
    public record Session(String hash, String userId, long createdMillis, long lastSeenMillis) {
        public String ref() {
            return hash.substring(0, 12);
        }
    }

    /** A new session: the token goes to the client once, the record stays here. */
    public record Issued(String token, Session session, long expiresMillis) {
        @Override
        public String toString() {
            return "Issued[session=" + session.ref() + "]";
        }
    }

    /**
     * What a cluster node tells the other nodes about its login sessions, so that a login works on every node and a
     * logout or revocation ends it everywhere (D73). Called on the caller's thread: an implementation must not block.
     */
    public interface Replication {
        void created(Session s);

        void revoked(String hash);

        /** Every session of the user made until {@code atMillis} but {@code exceptHash} (null: all of them). */
        void revokedAll(String userId, String exceptHash, long atMillis);

        Replication NONE = new Replication() {
            @Override
            public void created(Session s) {
            }

            @Override
            public void revoked(String hash) {
            }

            @Override
            public void revokedAll(String userId, String exceptHash, long atMillis) {
            }
        };
    }

    private volatile Replication replication = Replication.NONE;
    /**
     * Login sessions ended here or elsewhere (hash → when), and users whose login sessions were all ended (user id →
     * when and the one kept): a login session another node reports later, or again, is not adopted when it was ended
     * meanwhile. Kept as long as a login session can live.
     */
    private final ConcurrentHashMap<String, Long> ended = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ended> endedForUser = new ConcurrentHashMap<>();

    private record Ended(long atMillis, String exceptHash) {
    }

    public Sessions(Clock clock, Duration idle, Duration absolute, SecureRandom random) {
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.random = random;
    }

    public Issued create(String userId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        Ended revoked = endedForUser.get(userId);
        // Strictly after the user's last revocation, also within its millisecond: a revocation ends the login sessions
        // made until its time, wherever and whenever it is applied (D73), and must not end this one.
        long created = revoked != null && revoked.atMillis() >= now && revoked.atMillis() < Long.MAX_VALUE
                ? revoked.atMillis() + 1 : now;
        Session s = new Session(hash(token), userId, created, now);
        byHash.put(s.hash(), s);
        replication.created(s);
        purgeSometimes(now);
        return new Issued(token, s, now + absolute.toMillis());
    }

    /** The live session for this token, touched (idle timer restarted); empty when unknown, expired or revoked. */
    public Optional<Session> lookup(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() != 47) {
            return Optional.empty();
        }
        String h = hash(token);
        Session s = byHash.get(h);
        if (s == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (expired(s, now)) {
            byHash.remove(h);
            return Optional.empty();
        }
        Session touched = new Session(s.hash(), s.userId(), s.createdMillis(), now);
        byHash.replace(h, s, touched);
        return Optional.of(touched);
    }

    public boolean revoke(String token) {
        if (token == null) {
            return false;
        }
        String h = hash(token);
        // Told to the other nodes even when this node does not know it: it may have been made elsewhere.
        replication.revoked(h);
        ended.put(h, clock.millis());
        return byHash.remove(h) != null;
    }

    public void revokeAll(String userId) {
        long now = clock.millis();
        replication.revokedAll(userId, null, now);
        dropAll(userId, null, now);
    }

    /** Revokes every session of a user except the one given (after a password change, the changer stays in). */
    public void revokeOthers(String userId, String keepHash) {
        long now = clock.millis();
        replication.revokedAll(userId, keepHash, now);
        dropAll(userId, keepHash, now);
    }

    /** Tells the other nodes of a cluster from now on (D73). */
    public void replicateTo(Replication r) {
        replication = r;
    }

    /** A session another node made: known here from now on, unless it has expired or was ended meanwhile. */
    public void adopt(String hash, String userId, long createdMillis) {
        long now = clock.millis();
        Session s = new Session(hash, userId, createdMillis, now);
        Ended all = endedForUser.get(userId);
        boolean endedSince = ended.containsKey(hash)
                || (all != null && createdMillis <= all.atMillis() && !hash.equals(all.exceptHash()));
        if (!expired(s, now) && !endedSince) {
            byHash.putIfAbsent(hash, s);
        }
    }

    /** A session another node ended. */
    public void drop(String hash) {
        ended.put(hash, clock.millis());
        byHash.remove(hash);
    }

    /**
     * Sessions of a user ended (here or on another node): those made until {@code atMillis} but {@code exceptHash}
     * (null for all). A login session made after it stays: a revocation applied late must not end a later login.
     */
    public void dropAll(String userId, String exceptHash, long atMillis) {
        endedForUser.merge(userId, new Ended(atMillis, exceptHash), (a, b) -> a.atMillis() >= b.atMillis() ? a : b);
        byHash.values().removeIf(s -> s.userId().equals(userId) && !s.hash().equals(exceptHash)
                && s.createdMillis() <= atMillis);
    }

    /** The sessions that are still valid now, for an administrator's overview (nothing here can be used to log in). */
    public java.util.List<Session> active() {
        long now = clock.millis();
        return byHash.values().stream().filter(s -> !expired(s, now))
                .sorted(java.util.Comparator.comparingLong(Session::createdMillis)).toList();
    }

    /** The session named by its reference ({@link Session#ref()}), if it is still valid. */
    public Optional<Session> byRef(String ref) {
        long now = clock.millis();
        return byHash.values().stream().filter(s -> s.ref().equals(ref) && !expired(s, now)).findFirst();
    }

    /** Ends the session with this hash (an administrator revoking it by its reference). */
    public boolean revokeHash(String hash) {
        return byHash.remove(hash) != null;
    }

    /** When a session ends if it stays in use, and when if it is left idle from now on. */
    public long expiresMillis(Session s) {
        return Math.min(s.createdMillis() + absolute.toMillis(), s.lastSeenMillis() + idle.toMillis());
    }

    public int count() {
        return byHash.size();
    }

    public long absoluteMillis() {
        return absolute.toMillis();
    }

    private boolean expired(Session s, long now) {
        return now - s.lastSeenMillis() >= idle.toMillis() || now - s.createdMillis() >= absolute.toMillis();
    }

    private void purgeSometimes(long now) {
        if (byHash.size() % 64 == 0) {
            byHash.values().removeIf(s -> expired(s, now));
            ended.values().removeIf(at -> now - at >= absolute.toMillis());
            endedForUser.values().removeIf(e -> now - e.atMillis() >= absolute.toMillis());
        }
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
