package nl.poortwachter.recorder.playback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.retention.LegalHold;
import nl.poortwachter.recorder.storage.SegmentRecord;

/**
 * What a timeline draws: recorded spans (consecutive segments merged), the gaps between them within
 * [from, min(to, now)), the holds that touch the range, and the recorded footage this node cannot deliver now
 * because the node holding it is down (D77: part of the spans, never a gap). Footage is never invented: a gap is a
 * gap.
 */
public record RecordedSpans(String cameraId, Instant from, Instant to, List<Span> spans, List<Span> gaps,
                            List<LegalHold> holds, List<UnavailableFootage> unavailable) {
    /** Shorter holes than this between segments are jitter at a file boundary, not missing footage. */
    static final long GAP_THRESHOLD_MILLIS = 2_000;

    public record Span(Instant start, Instant end) {
    }

    public static RecordedSpans of(String cameraId, Instant from, Instant to, Instant now, List<SegmentRecord> segments,
                                   List<LegalHold> holds, List<UnavailableFootage> unavailable) {
        long lo = from.toEpochMilli();
        long hi = Math.min(to.toEpochMilli(), Math.max(lo, now.toEpochMilli()));
        List<Span> spans = new ArrayList<>();
        long spanStart = -1;
        long spanEnd = -1;
        for (SegmentRecord s : segments) {
            long start = Math.max(lo, s.startMillis());
            long end = Math.min(to.toEpochMilli(), s.endMillis());
            if (end <= start) {
                continue;
            }
            if (spanStart >= 0 && start - spanEnd <= GAP_THRESHOLD_MILLIS) {
                spanEnd = Math.max(spanEnd, end);
            } else {
                if (spanStart >= 0) {
                    spans.add(new Span(Instant.ofEpochMilli(spanStart), Instant.ofEpochMilli(spanEnd)));
                }
                spanStart = start;
                spanEnd = end;
            }
        }
        if (spanStart >= 0) {
            spans.add(new Span(Instant.ofEpochMilli(spanStart), Instant.ofEpochMilli(spanEnd)));
        }
        List<Span> gaps = new ArrayList<>();
        long cursor = lo;
        for (Span s : spans) {
            if (s.start().toEpochMilli() - cursor > GAP_THRESHOLD_MILLIS) {
                gaps.add(new Span(Instant.ofEpochMilli(cursor), s.start()));
            }
            cursor = Math.max(cursor, s.end().toEpochMilli());
        }
        if (hi - cursor > GAP_THRESHOLD_MILLIS) {
            gaps.add(new Span(Instant.ofEpochMilli(cursor), Instant.ofEpochMilli(hi)));
        }
        return new RecordedSpans(cameraId, from, to, List.copyOf(spans), List.copyOf(gaps), List.copyOf(holds),
                List.copyOf(unavailable));
    }
}
