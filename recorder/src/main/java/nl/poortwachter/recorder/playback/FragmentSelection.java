package nl.poortwachter.recorder.playback;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * The fragments that cover a time range, from the index alone: starting at the keyframe at or before
 * {@code from} (playback can only start on a keyframe), ending with the fragment that contains {@code to}.
 * Each fragment knows whether it continues the previous one, which is what HLS discontinuities and the
 * export's timestamp rebasing need.
 */
public final class FragmentSelection {
    private static final Log LOG = Log.of(FragmentSelection.class);
    /** Media time may differ from the wall-clock estimate by rounding; a real gap is longer than this. */
    private static final long CONTINUITY_TOLERANCE_TICKS = 45_000;
    private static final String RECOVERED_SESSION = "recovered";

    private final SegmentIndex index;
    private final StorageLayout layout;
    private final InitCache inits;

    public FragmentSelection(SegmentIndex index, StorageLayout layout, InitCache inits) {
        this.index = index;
        this.layout = layout;
        this.inits = inits;
    }

    public List<MediaFragment> select(String cameraId, Instant from, Instant to) throws IOException {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        List<long[]> raw = new ArrayList<>(); // offset, size, mediaTime, duration, wall, keyframe
        List<SourceFile> owners = new ArrayList<>();
        List<SegmentRecord> segments = index.segments(cameraId, fromMs, toMs);
        var allPoints = index.seekPoints(segments.stream().map(SegmentRecord::id).toList());
        for (SegmentRecord seg : segments) {
            List<SeekPoint> points = allPoints.getOrDefault(seg.id(), List.of());
            if (points.isEmpty() || !seg.heldBy(index.node())) {
                // Another node's file: not playable here (the timeline reports it as unavailable, not as a gap).
                continue;
            }
            SourceFile file;
            try {
                file = sourceFile(seg, points.get(0).offset());
            } catch (NoSuchFileException e) {
                // Deleted between the query and now (retention or the reserve): the footage is gone, not an error.
                LOG.debug("playback.file.gone", "segment", seg.id());
                continue;
            }
            for (int i = 0; i < points.size(); i++) {
                SeekPoint p = points.get(i);
                long duration = i + 1 < points.size() ? points.get(i + 1).mediaTime() - p.mediaTime()
                        : Math.max(1, seg.endMillis() - p.wallClockMillis()) * 90;
                raw.add(new long[] {p.offset(), p.size(), p.mediaTime(), Math.max(1, duration), p.wallClockMillis(),
                        p.keyframe() ? 1 : 0});
                owners.add(file);
            }
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < raw.size(); i++) {
            long[] f = raw.get(i);
            if (f[5] == 1 && (f[4] <= fromMs || first < 0)) {
                first = i;
            }
            if (f[4] < toMs) {
                last = i;
            }
        }
        List<MediaFragment> out = new ArrayList<>();
        if (first < 0 || last < first) {
            return out;
        }
        for (int i = first; i <= last; i++) {
            long[] f = raw.get(i);
            SourceFile file = owners.get(i);
            boolean continues = false;
            if (!out.isEmpty()) {
                MediaFragment prev = out.get(out.size() - 1);
                long expected = prev.mediaTime() + prev.duration();
                continues = prev.file().sessionKey().equals(file.sessionKey()) && prev.file().sameInit(file)
                        && Math.abs(f[2] - expected) <= CONTINUITY_TOLERANCE_TICKS;
                if (continues && prev.file() != file) {
                    // The last fragment of a file had an estimated duration; the next file's media time is exact.
                    out.set(out.size() - 1, new MediaFragment(prev.file(), prev.offset(), prev.size(), prev.mediaTime(),
                            Math.max(1, f[2] - prev.mediaTime()), prev.wallMillis(), prev.keyframe(), prev.discontinuity()));
                }
            }
            out.add(new MediaFragment(file, f[0], f[1], f[2], f[3], f[4], f[5] == 1, !continues));
        }
        return out;
    }

    private SourceFile sourceFile(SegmentRecord seg, long initLength) throws IOException {
        var path = layout.resolve(seg.path());
        String session = RECOVERED_SESSION.equals(seg.sessionId()) ? RECOVERED_SESSION + "#" + seg.id() : seg.sessionId();
        return new SourceFile(seg.id(), session, path, initLength, inits.hash(seg.id(), path, initLength), seg.codec(),
                seg.width(), seg.height());
    }
}
