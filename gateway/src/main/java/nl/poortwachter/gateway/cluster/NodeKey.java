package nl.poortwachter.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the nodes of a cluster prove to each other with: HMAC-SHA256 under a key derived from the cluster secret, one
 * key per use (node-to-node requests, live video on the event bus, the Hazelcast cluster name), so that a value made
 * for one use is worthless for another (D77).
 */
public final class NodeKey {
    public static final int MAC_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param use what this key signs, e.g. {@code peer-request} */
    public NodeKey(byte[] clusterSecret, String use) {
        this.key = new SecretKeySpec(derive(clusterSecret, use), HMAC);
    }

    /** HMAC-SHA256(secret, use): a key of its own for each use of the one secret. */
    static byte[] derive(byte[] secret, String use) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(("poortwachter cluster " + use).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256", e);
        }
    }

    /** A fresh MAC (Mac objects are not thread-safe; making one is cheap next to what it signs). */
    public Mac mac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256", e);
        }
    }

    public byte[] sign(String text) {
        return mac().doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    /** In constant time: a forger learns nothing from how long a refusal took. */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
