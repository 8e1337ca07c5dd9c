package nl.poortwachter.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Node-to-node requests (D77): only a fresh request signed with the cluster's secret, exactly as signed, once. */
class PeerSignatureTest {
    static final byte[] SECRET = "a-cluster-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    static final String PATH = "/peer/v1/segments/42";
    final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    final PeerSignature nodeA = new PeerSignature(SECRET, now::get);
    final PeerSignature nodeB = new PeerSignature(SECRET, now::get);

    @Test
    void aSignedRequestIsAcceptedOnceAndItsReplayRefused() {
        Map<String, String> h = nodeA.sign("node-a", "GET", PATH, "bytes=0-99");
        assertNull(nodeB.refusal("GET", PATH, "bytes=0-99", h));
        assertEquals("replayed", nodeB.refusal("GET", PATH, "bytes=0-99", h));
    }

    @Test
    void anyChangeToWhatWasSignedIsRefused() {
        Map<String, String> h = nodeA.sign("node-a", "GET", PATH, "bytes=0-99");
        assertEquals("bad signature", nodeB.refusal("GET", "/peer/v1/segments/43", "bytes=0-99", h));
        assertEquals("bad signature", nodeB.refusal("GET", PATH, "bytes=0-999999", h));
        assertEquals("bad signature", nodeB.refusal("HEAD", PATH, "bytes=0-99", h));
        Map<String, String> otherNode = new HashMap<>(h);
        otherNode.put(PeerSignature.NODE, "node-c");
        assertEquals("bad signature", nodeB.refusal("GET", PATH, "bytes=0-99", otherNode));
        // The unaltered request is still good: the refusals above did not use up its nonce.
        assertNull(nodeB.refusal("GET", PATH, "bytes=0-99", h));
    }

    @Test
    void anotherSecretOrNoSignatureIsRefused() {
        PeerSignature stranger = new PeerSignature("another-secret-of-at-least-32-characters!".getBytes(
                StandardCharsets.UTF_8), now::get);
        assertEquals("bad signature", nodeB.refusal("GET", PATH, null, stranger.sign("node-x", "GET", PATH, null)));
        assertEquals("unsigned", nodeB.refusal("GET", PATH, null, Map.of()));
        Map<String, String> garbled = new HashMap<>(nodeA.sign("node-a", "GET", PATH, null));
        garbled.put(PeerSignature.TIME, "yesterday");
        assertEquals("malformed signature", nodeB.refusal("GET", PATH, null, garbled));
    }

    @Test
    void aRequestOlderOrNewerThanTheSkewIsRefused() {
        Map<String, String> old = nodeA.sign("node-a", "GET", PATH, null);
        now.addAndGet(PeerSignature.SKEW_MILLIS + 1);
        assertEquals("stale", nodeB.refusal("GET", PATH, null, old).substring(0, 5));
        Map<String, String> future = nodeA.sign("node-a", "GET", PATH, null);
        now.addAndGet(-2 * (PeerSignature.SKEW_MILLIS + 1));
        assertEquals("stale", nodeB.refusal("GET", PATH, null, future).substring(0, 5));
        now.addAndGet(PeerSignature.SKEW_MILLIS + 1);
        assertNull(nodeB.refusal("GET", PATH, null, nodeA.sign("node-a", "GET", PATH, null)));
    }
}
