package nl.poortwachter.recorder;

import java.time.Instant;
import java.util.List;

/** Recorded segments of one camera within [from, to), and the gaps between them: footage is never invented. */
public record Timeline(String cameraId, Instant from, Instant to, List<Segment> segments, List<Gap> gaps) {

    /**
     * @param node      the cluster node whose storage holds the file; null on the embedded gateway
     * @param available false when the node whose storage holds the file is down: the footage exists (it is no gap)
     *                  but cannot be played or exported until that node is back (D77); another node's footage is
     *                  otherwise streamed from it
     */
    public record Segment(long id, Instant start, Instant end, long bytes, String codec, int width, int height,
                          boolean complete, int seekPoints, String node, boolean available) {
    }

    public record Gap(Instant start, Instant end) {
    }
}
