package nl.poortwachter.recorder.playback;

import java.nio.file.Path;

/**
 * A segment file a player may read, found through the index only.
 *
 * @param length bytes known to be complete (a file still being written may be longer)
 */
public record MediaFile(long segmentId, String cameraId, Path path, long length) {
}
