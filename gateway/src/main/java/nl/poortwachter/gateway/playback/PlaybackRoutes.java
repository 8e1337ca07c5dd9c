package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.Principal;
import nl.poortwachter.gateway.cluster.PeerClient;
import nl.poortwachter.gateway.cameras.TimeRange;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.ByteRange;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Instants;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.MediaFile;

/**
 * Playback over HTTP: the timeline (spans and gaps), an HLS playlist for any range, and the byte ranges of
 * segment files the playlist points at, sent straight from the files (sendfile; nothing re-encoded or copied).
 * <ul>
 *   <li>{@code GET /api/v1/cameras/{id}/timeline?from&to} — recorded spans, gaps, holds (no video)</li>
 *   <li>{@code GET /api/v1/cameras/{id}/playback.m3u8?from&to[&at]&purpose[&caseNumber]} — logged as a playback</li>
 *   <li>{@code GET /api/v1/cameras/{id}/media/{segment}.mp4?t=token} — one byte range ({@code Range} header)</li>
 * </ul>
 * A segment file is reachable only by its index id, for the camera in the path, and only the byte ranges a logged
 * playlist of this login session lists, for a short while ({@link PlaybackGrants}): {@code ..}, encoded slashes,
 * another camera's ids or any path give 404; another playlist's token, other segments or bytes, or an expired
 * token give 403 (and a {@code playback.media} denied entry in the audit log).
 */
public final class PlaybackRoutes {
    public static final String BASE = "/api/v1/cameras/{id}";
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    /** Names the footage of the range a playlist leaves out because the node holding it is down (D77). */
    static final String UNAVAILABLE_HEADER = "X-Footage-Unavailable";
    /** A media file's name: its segment's index id. */
    static final Pattern MEDIA = Pattern.compile("([1-9][0-9]{0,17})\\.mp4");

    private final Recorder recorder;
    private final Blocking blocking;
    private final AuditLog audit;
    private final PlaybackGrants grants;
    private final Clock clock;
    private final FootageRegimeLookup footage;
    /** Footage other nodes of the cluster hold, streamed from them (D77); null on the embedded single node. */
    private final PeerClient peers;
    private final String node;

    /**
     * @param footage the regimes of the footage a playlist delivers, which its processing-log lines name (D87)
     * @param peers   where footage held by other nodes of a cluster comes from; null on the embedded single node
     * @param node    this node's id in a cluster (for the audit entries), or null
     */
    public PlaybackRoutes(Recorder recorder, Blocking blocking, AuditLog audit, Clock clock,
                          FootageRegimeLookup footage, PeerClient peers, String node) {
        this.peers = peers;
        this.node = node;
        this.recorder = recorder;
        this.blocking = blocking;
        this.audit = audit;
        this.grants = new PlaybackGrants(clock);
        this.clock = clock;
        this.footage = footage;
    }

    public void register(Router router) {
        router.get(BASE + "/timeline", Access.of(Permission.RECORDINGS_INDEX, "recordings.timeline").camera("id"), this::timeline)
                .get(BASE + "/playback.m3u8", Access.of(Permission.PLAYBACK, "playback").camera("id").requiringPurpose()
                        .footage(Access.Footage.QUERY_RANGE), this::playlist)
                .get(BASE + "/media/{file}", Access.of(Permission.PLAYBACK, "playback.media").camera("id")
                        .footage(Access.Footage.SEGMENT), this::media);
    }

    private Future<Reply> timeline(Exchange ex) {
        String id = cameraId(ex);
        TimeRange range = TimeRange.parse(ex.query("from"), ex.query("to"), clock.instant());
        return blocking.call(() -> recorder.archive().spans(id, range.from(), range.to())).map(Reply::ok);
    }

    private Future<Reply> playlist(Exchange ex) {
        String id = cameraId(ex);
        TimeRange range = TimeRange.parse(ex.query("from"), ex.query("to"), clock.instant());
        Instant at = Instants.optional("at", ex.query("at"));
        Principal who = ex.principal();
        String token = grants.newToken();
        return blocking.call(() -> {
            HlsPlaylist p = recorder.archive().playlist(id, range.from(), range.to(), at,
                    segment -> "media/" + segment + ".mp4?t=" + token)
                    .orElseThrow(() -> ApiException.notFound("no footage of camera '" + id + "' in this range"));
            // The range actually delivered (from the keyframe before 'from'): the media URLs reach nothing else.
            // No entry in the audit log, no footage: the playlist and its grant exist only once the playback is logged.
            Instant until = clock.instant().plus(PlaybackGrants.lifetime(p));
            audit.playback(ex.auditContext(), id, footage.regimes(id, p.start(), p.end()), p.start(), p.end(),
                    ex.purpose(), null, "requested=" + range.from() + "/" + range.to() + " media_until=" + until
                            + placement(id, p)).join();
            grants.grant(token, id, who.userId(), who.sessionRef(), p);
            Reply reply = Reply.of(200, PLAYLIST_TYPE, Buffer.buffer(p.text()));
            return p.unavailable().isEmpty() ? reply : reply.withHeader(UNAVAILABLE_HEADER, p.unavailable().stream()
                    .map(u -> u.start() + "/" + u.end() + " " + u.node()).collect(java.util.stream.Collectors.joining(", ")));
        }).recover(ArchiveFailures::map);
    }

    private Future<Reply> media(Exchange ex) {
        String id = cameraId(ex);
        Matcher m = MEDIA.matcher(ex.pathParam("file"));
        if (!m.matches()) {
            throw ApiException.notFound("no such media");
        }
        long segment = Long.parseLong(m.group(1));
        Principal who = ex.principal();
        String token = ex.query("t");
        String rangeHeader = ex.header("Range");
        // Before the index is asked: a token of another playlist, camera or login session learns nothing about files.
        PlaybackGrants.Refusal early = grants.check(token, id, who.userId(), who.sessionRef(), segment);
        if (early != null) {
            return refuse(ex, id, early);
        }
        return blocking.call(() -> recorder.archive().media(id, segment)).compose(found -> {
            MediaFile f = found.orElseThrow(() -> ApiException.notFound("no such media"));
            ByteRange r;
            try {
                r = ByteRange.parse(rangeHeader, f.length());
            } catch (ByteRange.NotSatisfiable e) {
                return Future.succeededFuture(Reply.json(416, java.util.Map.of("error", "range_not_satisfiable",
                        "message", e.getMessage())).withHeader("Content-Range", "bytes */" + e.size));
            }
            PlaybackGrants.Refusal refusal = grants.check(token, id, who.userId(), who.sessionRef(), segment,
                    r.offset(), r.length());
            if (refusal != null) {
                return refuse(ex, id, refusal);
            }
            return body(f, r).map(reply -> {
                Reply withRange = reply.withHeader("Accept-Ranges", "bytes");
                return r.partial() ? withRange.withHeader("Content-Range", r.contentRange(f.length())) : withRange;
            });
        });
    }

    /**
     * The bytes: from this node's storage (sendfile), or streamed from the node of the cluster that holds the file
     * (D77; the grant was checked and the playback logged here, before any byte is asked for).
     */
    private Future<Reply> body(MediaFile f, ByteRange r) {
        int status = r.partial() ? 206 : 200;
        if (f.path() != null) {
            return Future.succeededFuture(Reply.file(status, "video/mp4", f.path(), r.offset(), r.length()));
        }
        if (f.remote() == null || peers == null) {
            return Future.failedFuture(new ApiException(503, "footage_unavailable", null, "this footage is held by "
                    + "node " + f.node() + ", which is down; it plays again when that node is back"));
        }
        return peers.get(f.remote(), PeerClient.segmentPath(f.segmentId()),
                        "bytes=" + r.offset() + "-" + (r.offset() + r.length() - 1))
                .map(resp -> Reply.stream(status, "video/mp4", resp, r.length()))
                .recover(e -> Future.failedFuture(new ApiException(503, "footage_unavailable", null,
                        "node " + f.node() + ", which holds this footage, cannot deliver it now; try again later")));
    }

    /** In a cluster, which node serves the playback and which hold its footage (D77); empty on one node. */
    private String placement(String cameraId, HlsPlaylist p) {
        return node == null ? "" : " served_by=" + node + " held_by="
                + String.join(",", recorder.archive().holders(cameraId, p.start(), p.end()));
    }

    /** A refused media request is a refused access to footage: in the audit log before the 403 goes out. */
    private Future<Reply> refuse(Exchange ex, String cameraId, PlaybackGrants.Refusal refusal) {
        boolean reload = refusal == PlaybackGrants.Refusal.EXPIRED || refusal == PlaybackGrants.Refusal.UNKNOWN;
        ApiException answer = reload
                ? new ApiException(403, "playback_expired", "t", "this playlist's media can no longer be fetched; "
                        + "load the playlist again (a new playback)")
                : new ApiException(403, "forbidden", "t", "media is served only as listed in a playlist given to this"
                        + " login session");
        String reason = "media_" + refusal.name().toLowerCase(java.util.Locale.ROOT);
        return Future.fromCompletionStage(audit.denied(ex.auditContext(), "playback.media", "camera", cameraId, reason))
                .compose(e -> Future.failedFuture(answer));
    }

    static String cameraId(Exchange ex) {
        return nl.poortwachter.gateway.cameras.CameraPath.id(ex);
    }
}
