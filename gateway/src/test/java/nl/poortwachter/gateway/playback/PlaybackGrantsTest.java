package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.SegmentBytes;
import nl.poortwachter.recorder.testing.MutableClock;
import org.junit.jupiter.api.Test;

class PlaybackGrantsTest {
    private static final Instant T = Instant.parse("2026-11-23T20:00:00Z");
    private final MutableClock clock = new MutableClock(T);
    private final PlaybackGrants grants = new PlaybackGrants(clock);

    /** Segment 7: init 0..700 and two adjacent runs; segment 8: one run in its middle. */
    private static HlsPlaylist playlist(Duration length) {
        return new HlsPlaylist("#EXTM3U\n", T.minus(Duration.ofHours(1)), T.minus(Duration.ofHours(1)).plus(length), 3, -1,
                List.of(new SegmentBytes(7, 0, 700), new SegmentBytes(7, 700, 4000), new SegmentBytes(7, 4700, 2000),
                        new SegmentBytes(8, 5000, 3000)));
    }

    private String issued(Duration length) {
        String token = grants.newToken();
        grants.grant(token, "gate", "u1", "s1", playlist(length));
        return token;
    }

    @Test
    void exactlyTheListedBytesOfTheListedFiles() {
        String t = issued(Duration.ofSeconds(2));
        assertNull(grants.check(t, "gate", "u1", "s1", 7, 0, 700), "the map");
        assertNull(grants.check(t, "gate", "u1", "s1", 7, 700, 6000), "two adjacent runs in one request");
        assertNull(grants.check(t, "gate", "u1", "s1", 8, 5000, 3000));
        assertNull(grants.check(t, "gate", "u1", "s1", 8, 6000, 100), "a part of a run");
        assertEquals(PlaybackGrants.Refusal.OUTSIDE_PLAYLIST, grants.check(t, "gate", "u1", "s1", 7, 6000, 701), "past the end");
        assertEquals(PlaybackGrants.Refusal.OUTSIDE_PLAYLIST, grants.check(t, "gate", "u1", "s1", 8, 0, 700),
                "another file's init is not this file's: only what the playlist names");
        assertEquals(PlaybackGrants.Refusal.OUTSIDE_PLAYLIST, grants.check(t, "gate", "u1", "s1", 8, 4999, 2));
        assertEquals(PlaybackGrants.Refusal.OUTSIDE_PLAYLIST, grants.check(t, "gate", "u1", "s1", 9, 0, 100), "another segment");
        assertNull(grants.check(t, "gate", "u1", "s1", 8), "before the file is looked up: a listed segment");
        assertEquals(PlaybackGrants.Refusal.OUTSIDE_PLAYLIST, grants.check(t, "gate", "u1", "s1", 9));
    }

    @Test
    void boundToCameraUserAndLoginSession() {
        String t = issued(Duration.ofSeconds(2));
        assertEquals(PlaybackGrants.Refusal.NOT_YOURS, grants.check(t, "yard", "u1", "s1", 7, 0, 700));
        assertEquals(PlaybackGrants.Refusal.NOT_YOURS, grants.check(t, "gate", "u2", "s1", 7, 0, 700));
        assertEquals(PlaybackGrants.Refusal.NOT_YOURS, grants.check(t, "gate", "u1", "s2", 7, 0, 700));
        assertEquals(PlaybackGrants.Refusal.UNKNOWN, grants.check(grants.newToken(), "gate", "u1", "s1", 7, 0, 700),
                "a token is nothing until its playback is logged");
        assertEquals(PlaybackGrants.Refusal.UNKNOWN, grants.check(null, "gate", "u1", "s1", 7, 0, 700));
    }

    @Test
    void livesTheDurationPlusAMarginAtMostTwoHours() {
        String shortOne = issued(Duration.ofSeconds(2));
        String longOne = issued(Duration.ofHours(5));
        clock.advance(Duration.ofMinutes(15).plusSeconds(3));
        assertEquals(PlaybackGrants.Refusal.EXPIRED, grants.check(shortOne, "gate", "u1", "s1", 7, 0, 700),
                "2 s of footage: 15 min and 2 s");
        assertNull(grants.check(longOne, "gate", "u1", "s1", 7, 0, 700));
        clock.advance(Duration.ofMinutes(105));
        assertEquals(PlaybackGrants.Refusal.EXPIRED, grants.check(longOne, "gate", "u1", "s1", 7, 0, 700), "capped");
        assertEquals(Duration.ofMinutes(45), PlaybackGrants.lifetime(playlist(Duration.ofMinutes(30))));
    }
}
