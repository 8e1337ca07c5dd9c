package nl.poortwachter.recorder.playback;

import java.nio.file.Path;

/**
 * One segment file as playback and export see it.
 *
 * @param sessionKey equal for files whose media time is continuous (one RTSP session); recovered files each get
 *                   their own, since recovery cannot know which session wrote them
 * @param initLength bytes of ftyp+moov at the start of the file
 * @param initHash   SHA-256 of those bytes: equal hashes mean one decoder configuration
 */
public record SourceFile(long segmentId, String sessionKey, Path path, long initLength, String initHash, String codec,
                         int width, int height) {

    public boolean sameInit(SourceFile other) {
        return other != null && initHash.equals(other.initHash) && codec.equals(other.codec);
    }
}
