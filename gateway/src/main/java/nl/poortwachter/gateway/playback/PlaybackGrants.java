package nl.poortwachter.gateway.playback;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.SegmentBytes;

/**
 * What the media URLs of one logged playlist may fetch (docs/decisions.md D34): its camera, its user and login
 * session, exactly the byte ranges of the files the playlist lists, for a short while. The token on those URLs is
 * a random name for such a grant, held in memory: a restart ends outstanding playlists, which players reload.
 * A grant exists only once its playback is in the audit log.
 *
 * <p>Lifetime: the playlist's duration plus {@link #MARGIN} (so a player can play the whole range at normal speed
 * with pauses), at most {@link #MAX_LIFETIME}. Past it, a player reloads the playlist: a new, logged playback.
 */
final class PlaybackGrants {
    static final Duration MARGIN = Duration.ofMinutes(15);
    static final Duration MAX_LIFETIME = Duration.ofHours(2);
    private static final int MAX_GRANTS = 10_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Why a media request is refused; null fields in {@link #check} mean allowed. */
    enum Refusal {
        /** No grant by that name (never issued, forged, forgotten after a restart). */
        UNKNOWN,
        /** Issued for another camera, user or login session. */
        NOT_YOURS,
        /** Past its lifetime: reload the playlist. */
        EXPIRED,
        /** A segment or byte range the playlist does not list. */
        OUTSIDE_PLAYLIST
    }

    private record Grant(String cameraId, String userId, String sessionRef, long expiresMillis,
                         Map<Long, List<long[]>> ranges) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Grant> eldest) {
            return size() > MAX_GRANTS;
        }
    };

    PlaybackGrants(Clock clock) {
        this.clock = clock;
    }

    /** A fresh token, to put on the media URLs while the playlist is built; it grants nothing until {@link #grant}. */
    String newToken() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** How long a grant for this playlist lasts, from now. */
    static Duration lifetime(HlsPlaylist p) {
        Duration d = Duration.between(p.start(), p.end()).plus(MARGIN);
        return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
    }

    /** The playlist's playback is logged: its media URLs now work, until the returned instant. */
    synchronized Instant grant(String token, String cameraId, String userId, String sessionRef, HlsPlaylist p) {
        long now = clock.millis();
        grants.values().removeIf(g -> g.expiresMillis() <= now);
        Map<Long, List<long[]>> ranges = new HashMap<>();
        for (SegmentBytes b : p.bytes()) {
            ranges.computeIfAbsent(b.segmentId(), k -> new ArrayList<>()).add(new long[] {b.offset(), b.offset() + b.length()});
        }
        ranges.replaceAll((k, v) -> merged(v));
        long expires = now + lifetime(p).toMillis();
        grants.put(token, new Grant(cameraId, userId, sessionRef, expires, ranges));
        return Instant.ofEpochMilli(expires);
    }

    /**
     * Before the file is looked up: whether this grant may read anything of this segment.
     *
     * @return null when it may, else why not
     */
    Refusal check(String token, String cameraId, String userId, String sessionRef, long segmentId) {
        return check(token, cameraId, userId, sessionRef, segmentId, -1, 0);
    }

    /**
     * @param offset first byte asked for, {@code length} bytes from there; -1: any byte the grant lists
     * @return null when the grant covers these bytes, else why not
     */
    synchronized Refusal check(String token, String cameraId, String userId, String sessionRef, long segmentId,
                               long offset, long length) {
        Grant g = token == null ? null : grants.get(token);
        if (g == null) {
            return Refusal.UNKNOWN;
        }
        if (!g.cameraId().equals(cameraId) || !g.userId().equals(userId) || !g.sessionRef().equals(sessionRef)) {
            return Refusal.NOT_YOURS;
        }
        if (clock.millis() >= g.expiresMillis()) {
            return Refusal.EXPIRED;
        }
        List<long[]> ranges = g.ranges().get(segmentId);
        if (ranges != null) {
            for (long[] r : ranges) {
                if (offset < 0 || (offset >= r[0] && offset + length <= r[1])) {
                    return null;
                }
            }
        }
        return Refusal.OUTSIDE_PLAYLIST;
    }

    /** Adjacent runs of one file become one range, so a player may fetch them in one request. */
    private static List<long[]> merged(List<long[]> ranges) {
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return List.copyOf(out);
    }
}
