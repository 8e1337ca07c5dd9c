package nl.poortwachter.gateway.cluster;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A node-to-node request signed with the cluster secret (D77): HMAC-SHA256 over the method, the path with its query,
 * the {@code Range} header, the asking node, the time and a random nonce. The serving node accepts a request only
 * with a valid signature, sent within {@link #SKEW_MILLIS} of its own clock, whose nonce it has not seen: a request
 * captured on the network cannot be replayed, altered, or pointed at other bytes.
 */
public final class PeerSignature {
    public static final String NODE = "X-Poortwachter-Node";
    public static final String TIME = "X-Poortwachter-Time";
    public static final String NONCE = "X-Poortwachter-Nonce";
    public static final String SIGNATURE = "X-Poortwachter-Signature";
    /** How far the nodes' clocks (NTP-synchronised) and the request's transit may put it off. */
    static final long SKEW_MILLIS = 30_000;
    private static final int MAX_NONCES = 100_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_IN = Base64.getUrlDecoder();

    private final NodeKey key;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    /** Nonces accepted within the skew window, with when they may be forgotten. */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    public PeerSignature(byte[] clusterSecret, LongSupplier clock) {
        this.key = new NodeKey(clusterSecret, "peer-request");
        this.clock = clock;
    }

    /** The headers that sign this request as made by {@code node} now. */
    public Map<String, String> sign(String node, String method, String pathAndQuery, String range) {
        byte[] n = new byte[16];
        random.nextBytes(n);
        String nonce = B64.encodeToString(n);
        String time = Long.toString(clock.getAsLong());
        return Map.of(NODE, node, TIME, time, NONCE, nonce,
                SIGNATURE, B64.encodeToString(key.sign(text(method, pathAndQuery, range, node, time, nonce))));
    }

    /** @return null when the request is signed, fresh and new; else why not (for the log, never for the caller) */
    public String refusal(String method, String pathAndQuery, String range, Map<String, String> headers) {
        String node = headers.get(NODE);
        String time = headers.get(TIME);
        String nonce = headers.get(NONCE);
        String signature = headers.get(SIGNATURE);
        if (node == null || time == null || nonce == null || signature == null || nonce.length() > 64) {
            return "unsigned";
        }
        long sent;
        byte[] given;
        try {
            sent = Long.parseLong(time);
            given = B64_IN.decode(signature);
        } catch (IllegalArgumentException e) {
            return "malformed signature";
        }
        if (!NodeKey.same(given, key.sign(text(method, pathAndQuery, range, node, time, nonce)))) {
            return "bad signature";
        }
        long now = clock.getAsLong();
        if (Math.abs(now - sent) > SKEW_MILLIS) {
            return "stale (sent " + (now - sent) + " ms ago)";
        }
        synchronized (seen) {
            // Insertion order is nearly expiry order: forget from the oldest while they are past their window.
            for (var it = seen.values().iterator(); it.hasNext() && it.next() < now; ) {
                it.remove();
            }
            if (seen.containsKey(nonce) || seen.size() >= MAX_NONCES) {
                return "replayed";
            }
            seen.put(nonce, sent + 2 * SKEW_MILLIS);
        }
        return null;
    }

    private static String text(String method, String pathAndQuery, String range, String node, String time, String nonce) {
        return String.join("\n", method, pathAndQuery, range == null ? "" : range, node, time, nonce);
    }
}
