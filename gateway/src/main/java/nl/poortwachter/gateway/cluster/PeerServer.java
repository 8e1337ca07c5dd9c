package nl.poortwachter.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.ByteRange;
import nl.poortwachter.recorder.logging.Log;

/**
 * Where the other nodes of the cluster fetch this node's footage for their users (D77): a server of its own on the
 * cluster network ({@code cluster.host:cluster.peerPort}), apart from the user API (none of its paths exists there,
 * none of the API's here), answering only requests signed with the cluster secret ({@link PeerSignature}). It serves
 * bytes of files in this node's own storage folder and nothing else; whose request it is, and whether that user may
 * see them, the asking node has checked, and it has written the audit entry before asking.
 * <ul>
 *   <li>{@code GET /node/v1/segments/{id}} with {@code Range}: bytes of a segment file held here;</li>
 *   <li>{@code GET /node/v1/init-hashes?ids=1,2,3}: SHA-256 of those files' init segments;</li>
 *   <li>{@code GET /node/v1/exports/{id}}: an export made here.</li>
 * </ul>
 */
public final class PeerServer {
    private static final Log LOG = Log.of(PeerServer.class);
    private static final Pattern SEGMENT = Pattern.compile("/node/v1/segments/([1-9][0-9]{0,17})");
    private static final Pattern EXPORT = Pattern.compile("/node/v1/exports/([0-9a-f]{32})");
    private static final String HASHES = "/node/v1/init-hashes";
    private static final int MAX_IDS = 500;

    /** What this node holds, from the recorder (calls block: made on workers). */
    public interface Files {
        /** A segment file held here and the bytes of it known complete; empty for any other id. */
        Optional<Region> segment(long id);

        Map<Long, String> initHashes(List<Long> ids);

        /** A ready export's MP4 held here; empty for any other id. */
        Optional<Region> export(String id);
    }

    /** A file and how many of its bytes may be served. */
    public record Region(Path path, long length) {
    }

    private final Vertx vertx;
    private final PeerSignature signature;
    private final Files files;
    private final Blocking blocking;
    private HttpServer server;

    public PeerServer(Vertx vertx, PeerSignature signature, Files files, Blocking blocking) {
        this.vertx = vertx;
        this.signature = signature;
        this.files = files;
        this.blocking = blocking;
    }

    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setIdleTimeout(60)
                .setHttp2ClearTextEnabled(false)).requestHandler(this::handle);
        return server.listen().map(HttpServer::actualPort);
    }

    private void handle(HttpServerRequest request) {
        String range = request.getHeader("Range");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : List.of(PeerSignature.NODE, PeerSignature.TIME, PeerSignature.NONCE, PeerSignature.SIGNATURE)) {
            String v = request.getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        String refusal = request.method() != HttpMethod.GET ? "method " + request.method()
                : signature.refusal(request.method().name(), request.uri(), range, headers);
        if (refusal != null) {
            LOG.warn("cluster.peer.refused", "from", request.remoteAddress(), "path", request.path(), "reason", refusal);
            request.response().setStatusCode(401).end();
            return;
        }
        Matcher segment = SEGMENT.matcher(request.path());
        Matcher export = EXPORT.matcher(request.path());
        if (segment.matches()) {
            long id = Long.parseLong(segment.group(1));
            blocking.call(() -> files.segment(id)).onComplete(ar -> send(request, ar.succeeded() ? ar.result() : null,
                    range));
        } else if (export.matches()) {
            String id = export.group(1);
            blocking.call(() -> files.export(id)).onComplete(ar -> send(request, ar.succeeded() ? ar.result() : null,
                    range));
        } else if (request.path().equals(HASHES)) {
            List<Long> ids = ids(request.getParam("ids"));
            if (ids == null) {
                request.response().setStatusCode(400).end();
                return;
            }
            blocking.call(() -> files.initHashes(ids)).onComplete(ar -> {
                if (ar.failed()) {
                    request.response().setStatusCode(500).end();
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(Json.encode(ar.result()));
                }
            });
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private static List<Long> ids(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts = text.split(",", MAX_IDS + 1);
        if (parts.length > MAX_IDS) {
            return null;
        }
        List<Long> out = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (!p.matches("[1-9][0-9]{0,17}")) {
                return null;
            }
            out.add(Long.parseLong(p));
        }
        return out;
    }

    /** Bytes of a file held here: the requested range, which must lie inside what is known complete. */
    private static void send(HttpServerRequest request, Optional<Region> found, String rangeHeader) {
        var response = request.response();
        if (found == null) {
            response.setStatusCode(500).end();
            return;
        }
        if (found.isEmpty()) {
            response.setStatusCode(404).end();
            return;
        }
        Region r = found.get();
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader, r.length());
        } catch (ByteRange.NotSatisfiable e) {
            response.setStatusCode(416).putHeader("Content-Range", "bytes */" + e.size).end();
            return;
        }
        if (range.partial()) {
            response.setStatusCode(206).putHeader("Content-Range", range.contentRange(r.length()));
        }
        response.putHeader("Content-Type", "video/mp4");
        response.sendFile(r.path().toString(), range.offset(), range.length());
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
