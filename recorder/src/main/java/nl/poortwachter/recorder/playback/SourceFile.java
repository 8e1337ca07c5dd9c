package nl.poortwachter.recorder.playback;

import java.nio.file.Path;

/**
 * One segment file as playback and export see it.
 *
 * @param sessionKey equal for files whose media time is continuous (one RTSP session); recovered files each get
 *                   their own, since recovery cannot know which session wrote them
 * @param path       where this node reads it (its own storage, or another node's mounted as shared storage); null
 *                   when it is read from the node that holds it ({@code remote})
 * @param initLength bytes of ftyp+moov at the start of the file
 * @param initHash   SHA-256 of those bytes: equal hashes mean one decoder configuration
 * @param remote     the node that holds the file and serves it to this one (D77); null when {@code path} is set
 */
public record SourceFile(long segmentId, String sessionKey, Path path, long initLength, String initHash, String codec,
                         int width, int height, Remote remote) {

    /** A node of the cluster that holds a file, and where it serves footage ({@code host:port}). */
    public record Remote(String node, String address) {
    }

    /** A file this node reads itself. */
    public SourceFile(long segmentId, String sessionKey, Path path, long initLength, String initHash, String codec,
                      int width, int height) {
        this(segmentId, sessionKey, path, initLength, initHash, codec, width, height, null);
    }

    public boolean sameInit(SourceFile other) {
        return other != null && initHash.equals(other.initHash) && codec.equals(other.codec);
    }
}
