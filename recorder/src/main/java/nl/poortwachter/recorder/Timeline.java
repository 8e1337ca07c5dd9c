package nl.poortwachter.recorder;

import java.time.Instant;
import java.util.List;

/** Recorded segments of one camera within [from, to), and the gaps between them: footage is never invented. */
public record Timeline(String cameraId, Instant from, Instant to, List<Segment> segments, List<Gap> gaps) {

    public record Segment(long id, Instant start, Instant end, long bytes, String codec, int width, int height,
                          boolean complete, int seekPoints) {
    }

    public record Gap(Instant start, Instant end) {
    }
}
