package nl.poortwachter.recorder.retention;

/** A segment row marked by a purge whose file may or may not be gone yet (what start-up recovery finishes). */
public record ClaimedSegment(long purgeId, long segmentId, String path) {
}
