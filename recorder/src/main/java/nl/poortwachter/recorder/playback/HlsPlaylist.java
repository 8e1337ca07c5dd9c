package nl.poortwachter.recorder.playback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * An HLS VOD playlist (version 7, fMP4) over stored segment files: {@code EXT-X-MAP} for a file's init segment,
 * one {@code EXTINF} + {@code EXT-X-BYTERANGE} per run of fragments, {@code EXT-X-DISCONTINUITY} (with a new map
 * and {@code EXT-X-PROGRAM-DATE-TIME}) wherever footage does not continue: a gap, a new session, a new decoder
 * configuration. Nothing is re-encoded or copied: players fetch byte ranges of the files themselves.
 *
 * @param text       the playlist
 * @param start      wall-clock time of the first fragment (a keyframe at or before the requested start)
 * @param end        where the playlist's footage ends as the playlist states it: the last
 *                   {@code EXT-X-PROGRAM-DATE-TIME} plus the durations after it (the index places the last fragment's
 *                   end within a session's small clock corrections of this, docs/time.md)
 * @param startOffset seconds into the playlist where the requested instant {@code at} lies (EXT-X-START), or -1
 * @param bytes      every byte range the playlist names (maps and runs), in order: all a player of it needs
 * @param unavailable footage of the range left out because the node holding it is down (D77): named in comment
 *                    lines of the text, never shown as a gap
 */
public record HlsPlaylist(String text, Instant start, Instant end, int runs, double startOffset,
                          List<SegmentBytes> bytes, List<UnavailableFootage> unavailable) {

    public HlsPlaylist {
        bytes = List.copyOf(bytes);
        unavailable = List.copyOf(unavailable);
    }

    public HlsPlaylist(String text, Instant start, Instant end, int runs, double startOffset, List<SegmentBytes> bytes) {
        this(text, start, end, runs, startOffset, bytes, List.of());
    }

    /**
     * The same playlist, saying which footage of its range it leaves out and why: a comment line each (players
     * ignore comments), after the header, so a person or tool reading it sees why the footage jumps there.
     */
    public HlsPlaylist withUnavailable(List<UnavailableFootage> left) {
        if (left.isEmpty()) {
            return this;
        }
        StringBuilder notes = new StringBuilder();
        for (UnavailableFootage u : left) {
            notes.append("# unavailable ").append(u.start()).append('/').append(u.end()).append(": ")
                    .append(u.reason()).append('\n');
        }
        int afterHeader = text.indexOf('\n') + 1;
        return new HlsPlaylist(text.substring(0, afterHeader) + notes + text.substring(afterHeader), start, end, runs,
                startOffset, bytes, left);
    }

    /** Fragments (about a second each) are grouped into runs of at least this long, starting on a keyframe. */
    static final long RUN_TICKS = 4 * 90_000L;

    /**
     * @param at          where a player should start (EXT-X-START), or null for the beginning
     * @param uriOfSegment the URI a player fetches a segment file's bytes from; the same file may be named many times
     */
    public static HlsPlaylist of(List<MediaFragment> fragments, Instant at, LongFunction<String> uriOfSegment) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("no fragments");
        }
        List<List<MediaFragment>> runs = runs(fragments);
        long maxTicks = 0;
        for (List<MediaFragment> run : runs) {
            maxTicks = Math.max(maxTicks, ticks(run));
        }
        double startOffset = at == null ? -1 : offsetOf(fragments, at.toEpochMilli());
        StringBuilder sb = new StringBuilder(runs.size() * 96 + 256);
        sb.append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        sb.append("#EXT-X-TARGETDURATION:").append(Math.max(1, (long) Math.ceil(maxTicks / 90_000.0))).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        if (startOffset >= 0) {
            sb.append("#EXT-X-START:TIME-OFFSET=").append(seconds(Math.round(startOffset * 90_000))).append(",PRECISE=YES\n");
        }
        SourceFile mapped = null;
        long sectionStart = fragments.get(0).wallMillis();
        long sectionTicks = 0;
        List<SegmentBytes> bytes = new ArrayList<>(runs.size() + 8);
        for (List<MediaFragment> run : runs) {
            MediaFragment first = run.get(0);
            SourceFile file = first.file();
            String uri = uriOfSegment.apply(file.segmentId());
            if (first.discontinuity()) {
                if (mapped != null) {
                    sb.append("#EXT-X-DISCONTINUITY\n");
                }
                sb.append("#EXT-X-MAP:URI=\"").append(uri).append("\",BYTERANGE=\"").append(file.initLength()).append("@0\"\n");
                bytes.add(new SegmentBytes(file.segmentId(), 0, file.initLength()));
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochMilli(first.wallMillis())).append('\n');
                sectionStart = first.wallMillis();
                sectionTicks = 0;
                mapped = file;
            } else if (!file.sameInit(mapped)) {
                // Cannot happen (a new init is a discontinuity), but a wrong map would not decode: be explicit.
                sb.append("#EXT-X-MAP:URI=\"").append(uri).append("\",BYTERANGE=\"").append(file.initLength()).append("@0\"\n");
                bytes.add(new SegmentBytes(file.segmentId(), 0, file.initLength()));
                mapped = file;
            }
            long length = 0;
            for (MediaFragment f : run) {
                length += f.size();
            }
            sectionTicks += ticks(run);
            sb.append("#EXTINF:").append(seconds(ticks(run))).append(",\n");
            sb.append("#EXT-X-BYTERANGE:").append(length).append('@').append(first.offset()).append('\n');
            bytes.add(new SegmentBytes(file.segmentId(), first.offset(), length));
            sb.append(uri).append('\n');
        }
        sb.append("#EXT-X-ENDLIST\n");
        // What a player shows: each section from its date-time on, for its media durations.
        return new HlsPlaylist(sb.toString(), Instant.ofEpochMilli(fragments.get(0).wallMillis()),
                Instant.ofEpochMilli(sectionStart + Math.round(sectionTicks / 90.0)), runs.size(), startOffset, bytes);
    }

    /** Runs: contiguous bytes of one file, starting on a keyframe, at least {@link #RUN_TICKS} unless cut short. */
    static List<List<MediaFragment>> runs(List<MediaFragment> fragments) {
        List<List<MediaFragment>> runs = new ArrayList<>();
        List<MediaFragment> current = null;
        for (MediaFragment f : fragments) {
            boolean split = current == null || f.discontinuity() || f.file() != current.get(0).file()
                    || (f.keyframe() && ticks(current) >= RUN_TICKS);
            if (!split) {
                MediaFragment prev = current.get(current.size() - 1);
                split = prev.offset() + prev.size() != f.offset();
            }
            if (split) {
                current = new ArrayList<>();
                runs.add(current);
            }
            current.add(f);
        }
        return runs;
    }

    private static long ticks(List<MediaFragment> run) {
        long t = 0;
        for (MediaFragment f : run) {
            t += f.duration();
        }
        return t;
    }

    /** Seconds of playlist time (gaps do not count: a playlist has none) before wall-clock instant {@code at}. */
    static double offsetOf(List<MediaFragment> fragments, long at) {
        long ticks = 0;
        for (MediaFragment f : fragments) {
            if (at < f.wallMillis()) {
                break;
            }
            if (at < f.wallMillis() + f.duration() / 90) {
                ticks += (at - f.wallMillis()) * 90;
                break;
            }
            ticks += f.duration();
        }
        return ticks / 90_000.0;
    }

    private static String seconds(long ticks) {
        return String.format(Locale.ROOT, "%.3f", ticks / 90_000.0);
    }
}
