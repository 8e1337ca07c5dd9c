package nl.poortwachter.recorder.storage;

/**
 * What explains a segment's times (docs/time.md): the media time of its first fragment, and its session's connect
 * time and anchor (the wall-clock time of media time 0), as the file's init segment says them too.
 */
public record SegmentTiming(long mediaStart, long connectMillis, long anchorMillis) {
}
