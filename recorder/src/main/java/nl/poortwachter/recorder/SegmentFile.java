package nl.poortwachter.recorder;

import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.recorder.storage.SeekPoint;

/** A recorded segment with its file and fragment seek points, for playback and export. */
public record SegmentFile(Timeline.Segment segment, Path file, List<SeekPoint> seekPoints) {
}
