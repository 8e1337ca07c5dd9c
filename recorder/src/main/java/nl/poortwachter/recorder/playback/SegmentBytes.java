package nl.poortwachter.recorder.playback;

/**
 * One byte range of a segment file that a playlist names (an init segment's map, or a run of fragments): what a
 * player of that playlist may fetch, and nothing else.
 */
public record SegmentBytes(long segmentId, long offset, long length) {
}
