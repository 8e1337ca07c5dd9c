package nl.poortwachter.recorder.playback;

import java.nio.file.Path;

/**
 * A segment file a player may read, found through the index only.
 *
 * @param path   where this node reads it; null when another node holds it ({@code remote}, or unavailable)
 * @param length bytes known to be complete (a file still being written may be longer)
 * @param remote the node that holds it and serves it to this one (D77); null when {@code path} is set or that node
 *               is down
 * @param node   the node that holds it; null on the embedded gateway
 */
public record MediaFile(long segmentId, String cameraId, Path path, long length, SourceFile.Remote remote, String node) {

    public MediaFile(long segmentId, String cameraId, Path path, long length) {
        this(segmentId, cameraId, path, length, null, null);
    }

    /** Whether this node can deliver it now (from its own storage, shared storage, or the node that holds it). */
    public boolean available() {
        return path != null || remote != null;
    }
}
