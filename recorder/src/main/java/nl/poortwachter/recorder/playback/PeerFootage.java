package nl.poortwachter.recorder.playback;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Segment files another node of the cluster holds, read from that node (D77). The recorder knows nothing of how:
 * the gateway implements it with its signed node-to-node requests. Calls block; never on an event loop.
 */
public interface PeerFootage {
    /** Bytes {@code [offset, offset + length)} of a segment file that node {@code node} holds. */
    byte[] read(SourceFile.Remote from, long segmentId, long offset, int length) throws IOException;

    /** SHA-256 (hex) of the init segments of segment files that node holds, by segment id. */
    Map<Long, String> initHashes(SourceFile.Remote from, List<Long> segmentIds) throws IOException;

    /** Nothing configured (a single node, or before the gateway wired it): every read fails. */
    PeerFootage NONE = new PeerFootage() {
        @Override
        public byte[] read(SourceFile.Remote from, long segmentId, long offset, int length) throws IOException {
            throw new IOException("footage of node " + from.node() + " cannot be read from here");
        }

        @Override
        public Map<Long, String> initHashes(SourceFile.Remote from, List<Long> segmentIds) throws IOException {
            throw new IOException("footage of node " + from.node() + " cannot be read from here");
        }
    };
}
