package nl.poortwachter.recorder.storage;

/** Where a fragment starts in a segment file: byte offset, media time (90 kHz ticks), wall clock, keyframe. */
public record SeekPoint(long offset, long size, long mediaTime, long wallClockMillis, boolean keyframe) {
}
