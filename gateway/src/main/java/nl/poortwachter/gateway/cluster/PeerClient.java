package nl.poortwachter.gateway.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import nl.poortwachter.recorder.playback.PeerFootage;
import nl.poortwachter.recorder.playback.SourceFile;

/**
 * This node asking another node of the cluster for footage it holds (D77), with requests signed with the cluster
 * secret ({@link PeerSignature}). Streams for playback and export downloads ({@link #get}, on the event loop); and
 * whole byte ranges for the recorder's playlists and exports ({@link PeerFootage}, blocking, on workers).
 */
public final class PeerClient implements PeerFootage, AutoCloseable {
    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;
    /** No byte for this long from a node that was asked: it is treated as down for this request. */
    private static final long IDLE_TIMEOUT_MILLIS = 15_000;
    private static final long BLOCKING_TIMEOUT_SECONDS = 60;

    private final HttpClientAgent http;
    private final PeerSignature signature;
    private final String self;
    /** Where blocking callers' requests run: a response must be paused or read in the callback that delivers it. */
    private final Context context;

    /** Call from a thread that is not Vert.x's: the client gets an event loop of its own for blocking callers. */
    public PeerClient(Vertx vertx, PeerSignature signature, String self) {
        this.context = vertx.getOrCreateContext();
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setHttp2ClearTextUpgrade(false),
                new PoolOptions().setHttp1MaxSize(8));
        this.signature = signature;
        this.self = self;
    }

    /** A segment file's path on the node that holds it. */
    public static String segmentPath(long segmentId) {
        return "/node/v1/segments/" + segmentId;
    }

    public static String exportPath(String exportId) {
        return "/node/v1/exports/" + exportId;
    }

    /**
     * Asks {@code from} for {@code pathAndQuery} ({@code range}: a {@code Range} header or null). The response is
     * paused: the caller pipes it on or reads its body. Fails with {@link NoSuchFileException} when that node does not
     * hold it, {@link IOException} when it cannot be asked or refuses.
     */
    public Future<HttpClientResponse> get(SourceFile.Remote from, String pathAndQuery, String range) {
        Context current = Vertx.currentContext();
        if (current == null || !current.isEventLoopContext()) {
            // On a worker the callbacks below would run later, on another thread, after the first bytes were lost.
            Promise<HttpClientResponse> p = Promise.promise();
            context.runOnContext(v -> get(from, pathAndQuery, range).onComplete(p));
            return p.future();
        }
        int colon = from.address().lastIndexOf(':');
        String host = from.address().substring(0, colon).replace("[", "").replace("]", "");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host)
                .setPort(Integer.parseInt(from.address().substring(colon + 1))).setURI(pathAndQuery)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        signature.sign(self, "GET", pathAndQuery, range).forEach(options::putHeader);
        if (range != null) {
            options.putHeader("Range", range);
        }
        return http.request(options).compose(req -> req.send()).compose(resp -> {
            resp.pause();
            int status = resp.statusCode();
            if (status == 200 || status == 206) {
                return Future.succeededFuture(resp);
            }
            resp.resume();
            return Future.failedFuture(status == 404
                    ? new NoSuchFileException(pathAndQuery + " on node " + from.node())
                    : new IOException("node " + from.node() + " answered " + status + " for " + pathAndQuery));
        }, e -> Future.failedFuture(new IOException("node " + from.node() + " at " + from.address()
                + " cannot be reached: " + e.getMessage(), e)));
    }

    @Override
    public byte[] read(SourceFile.Remote from, long segmentId, long offset, int length) throws IOException {
        Buffer b = await(body(from, segmentPath(segmentId), "bytes=" + offset + "-" + (offset + length - 1)));
        if (b.length() != length) {
            throw new IOException("node " + from.node() + " sent " + b.length() + " of " + length + " bytes of segment "
                    + segmentId);
        }
        return b.getBytes();
    }

    @Override
    public Map<Long, String> initHashes(SourceFile.Remote from, List<Long> segmentIds) throws IOException {
        String ids = segmentIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        Buffer b = await(body(from, "/node/v1/init-hashes?ids=" + ids, null));
        Map<Long, String> out = new LinkedHashMap<>();
        JsonObject json = b.toJsonObject();
        for (String id : json.fieldNames()) {
            out.put(Long.parseLong(id), json.getString(id));
        }
        return out;
    }

    /** The whole answer, read on the client's own event loop. */
    private Future<Buffer> body(SourceFile.Remote from, String pathAndQuery, String range) {
        Promise<Buffer> p = Promise.promise();
        context.runOnContext(v -> get(from, pathAndQuery, range).compose(resp -> {
            Future<Buffer> body = resp.body();
            resp.resume();
            return body;
        }).onComplete(p));
        return p.future();
    }

    /** On a worker thread (the recorder's): waits for a node's answer, as any blocking read does. */
    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(BLOCKING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + BLOCKING_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
