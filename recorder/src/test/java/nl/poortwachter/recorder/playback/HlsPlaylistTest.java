package nl.poortwachter.recorder.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playlist text for hand-made fragments: runs, byte ranges, maps, discontinuities, durations, start offset. */
class HlsPlaylistTest {
    static final SourceFile A = new SourceFile(1, "s1", Path.of("/a.mp4"), 700, "init1", "h264", 640, 360);
    static final SourceFile B = new SourceFile(2, "s1", Path.of("/b.mp4"), 700, "init1", "h264", 640, 360);
    static final SourceFile C = new SourceFile(3, "s2", Path.of("/c.mp4"), 650, "init2", "h264", 640, 360);
    static final long T = 1_795_000_000_000L;

    /** {@code n} one-second keyframe fragments of {@code file}, 1000 bytes each, from wall time {@code wall}. */
    static List<MediaFragment> fragments(SourceFile file, int n, long media, long wall, boolean firstDiscontinuity) {
        List<MediaFragment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MediaFragment(file, file.initLength() + i * 1000L, 1000, media + i * 90_000L, 90_000,
                    wall + i * 1000L, true, i == 0 && firstDiscontinuity));
        }
        return out;
    }

    @Test
    void runsOfFourSecondsPerFileAndADiscontinuityWithANewMapAtASessionChange() {
        List<MediaFragment> all = new ArrayList<>();
        all.addAll(fragments(A, 6, 0, T, true));
        all.addAll(fragments(B, 3, 6 * 90_000L, T + 6000, false));
        all.addAll(fragments(C, 2, 0, T + 20_000, true));
        HlsPlaylist p = HlsPlaylist.of(all, null, id -> "media/" + id + ".mp4");
        String expected = """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-MAP:URI="media/1.mp4",BYTERANGE="700@0"
                #EXT-X-PROGRAM-DATE-TIME:2026-11-18T11:06:40Z
                #EXTINF:4.000,
                #EXT-X-BYTERANGE:4000@700
                media/1.mp4
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:2000@4700
                media/1.mp4
                #EXTINF:3.000,
                #EXT-X-BYTERANGE:3000@700
                media/2.mp4
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="media/3.mp4",BYTERANGE="650@0"
                #EXT-X-PROGRAM-DATE-TIME:2026-11-18T11:07:00Z
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:2000@650
                media/3.mp4
                #EXT-X-ENDLIST
                """;
        assertEquals(expected, p.text());
        assertEquals(List.of(new SegmentBytes(1, 0, 700), new SegmentBytes(1, 700, 4000), new SegmentBytes(1, 4700, 2000),
                new SegmentBytes(2, 700, 3000), new SegmentBytes(3, 0, 650), new SegmentBytes(3, 650, 2000)), p.bytes(),
                "exactly the byte ranges the text names");
        assertEquals(4, p.runs());
        assertEquals(Instant.ofEpochMilli(T), p.start());
        assertEquals(Instant.ofEpochMilli(T + 22_000), p.end());
    }

    /**
     * A session's clock may place a fragment a little earlier than the one before it plus its duration (the
     * least-delayed picture corrects the offset at once, docs/time.md): the end is what the playlist states and a
     * player shows, its date-time plus the durations, so the audited range is the range delivered.
     */
    @Test
    void theEndIsWhereThePlaylistsOwnDateTimeAndDurationsPutIt() {
        List<MediaFragment> all = new ArrayList<>(fragments(A, 3, 0, T, true));
        all.addAll(fragments(B, 2, 3 * 90_000L, T + 3000 - 150, false)); // corrected by 150 ms, same session
        HlsPlaylist p = HlsPlaylist.of(all, null, id -> "m" + id);
        assertEquals(1, p.text().lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).count());
        assertEquals(Instant.ofEpochMilli(T + 5000), p.end());
    }

    @Test
    void theStartOffsetCountsPlaylistTimeNotWallTime() {
        List<MediaFragment> all = new ArrayList<>();
        all.addAll(fragments(A, 5, 0, T, true));
        all.addAll(fragments(C, 5, 0, T + 60_000, true)); // a minute's gap: playlist time skips it
        HlsPlaylist p = HlsPlaylist.of(all, Instant.ofEpochMilli(T + 62_500), id -> "m" + id);
        assertEquals(7.5, p.startOffset(), 1e-9);
        assertTrue(p.text().contains("#EXT-X-START:TIME-OFFSET=7.500,PRECISE=YES\n"), p.text());
        assertEquals(5.0, HlsPlaylist.of(all, Instant.ofEpochMilli(T + 30_000), id -> "m").startOffset(), 1e-9,
                "an instant in the gap starts at the footage after it");
    }

    @Test
    void aRunStartsOnlyOnAKeyframe() {
        List<MediaFragment> all = new ArrayList<>();
        // A long GOP: a keyframe fragment, then non-key fragments (the muxer cuts at its maximum duration).
        for (int i = 0; i < 8; i++) {
            all.add(new MediaFragment(A, 700 + i * 1000L, 1000, i * 90_000L, 90_000, T + i * 1000L, i % 6 == 0, i == 0));
        }
        List<List<MediaFragment>> runs = HlsPlaylist.runs(all);
        assertEquals(2, runs.size());
        assertEquals(6, runs.get(0).size(), "the run waits for the next keyframe");
        assertTrue(runs.get(1).get(0).keyframe());
    }
}
