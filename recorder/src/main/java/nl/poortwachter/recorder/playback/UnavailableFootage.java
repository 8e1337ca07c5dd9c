package nl.poortwachter.recorder.playback;

import java.time.Instant;

/**
 * Recorded footage this node cannot deliver now: the node whose storage holds it is down (D77). It exists, so it is
 * never a gap; it plays again once that node is back.
 */
public record UnavailableFootage(Instant start, Instant end, String node) {

    public String reason() {
        return "held by node " + node + ", which is down";
    }
}
