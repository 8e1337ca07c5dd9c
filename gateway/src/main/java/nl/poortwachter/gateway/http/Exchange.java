package nl.poortwachter.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.Locale;
import java.util.Map;
import io.vertx.core.http.HttpMethod;
import nl.poortwachter.gateway.audit.Actor;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.Origin;
import nl.poortwachter.gateway.audit.Purpose;
import nl.poortwachter.gateway.audit.TraceContext;
import nl.poortwachter.gateway.auth.Principal;

/**
 * One request as an endpoint sees it: path parameters, query parameters and a size-limited JSON body.
 * The body is read only when an endpoint asks for it, and only up to {@link #MAX_BODY_BYTES}: the API takes
 * small JSON documents, and buffering whatever a client sends would let anyone fill the heap.
 */
public final class Exchange {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServerRequest request;
    private final Map<String, String> params;
    private final String requestId;
    private final TraceContext trace;
    private final TrustedProxies proxies;
    private String clientAddress;
    private boolean bodyRequested;
    private boolean bodyComplete;
    private Principal principal;
    private Purpose purpose;

    Exchange(HttpServerRequest request, Map<String, String> params, String requestId, TraceContext trace,
             TrustedProxies proxies) {
        this.request = request;
        this.params = params;
        this.requestId = requestId;
        this.trace = trace;
        this.proxies = proxies;
    }

    /** The logged-in user; null only on public routes (and before the guard ran). */
    public Principal principal() {
        return principal;
    }

    /** Set once, by the guard. */
    public void authenticated(Principal p) {
        if (principal != null) {
            throw new IllegalStateException("principal already set");
        }
        principal = p;
    }

    /** The purpose stated with this request, on routes that require one; else null. */
    public Purpose purpose() {
        return purpose;
    }

    public void statedPurpose(Purpose p) {
        purpose = p;
    }

    public TraceContext trace() {
        return trace;
    }

    public Origin origin() {
        return new Origin(clientAddress(), request.getHeader(HttpHeaders.USER_AGENT));
    }

    /** The client's address: the connection's peer, or what a trusted reverse proxy forwarded ({@link TrustedProxies}). */
    public String clientAddress() {
        if (clientAddress == null && request.remoteAddress() != null) {
            clientAddress = proxies.clientAddress(request.remoteAddress().hostAddress(),
                    request.headers().getAll(TrustedProxies.HEADER));
        }
        return clientAddress;
    }

    /** Who, from where, in which trace: for audit entries. Before login, the actor is the name typed (see login). */
    public AuditContext auditContext() {
        Actor actor = principal == null ? Actor.SYSTEM
                : new Actor(principal.userId(), principal.username(), principal.role().id());
        return new AuditContext(actor, origin(), trace);
    }

    public AuditContext auditContext(Actor actor) {
        return new AuditContext(actor, origin(), trace);
    }

    public String header(String name) {
        return request.getHeader(name);
    }

    public HttpMethod method() {
        return request.method();
    }

    /** A cookie's value, or null; cookies given twice under one name count as absent (no guessing). */
    public String cookie(String name) {
        var all = request.cookies(name);
        return all.size() == 1 ? all.iterator().next().getValue() : null;
    }

    /** Host header as the client sent it, for same-origin checks. */
    public String host() {
        return request.authority() == null ? null : request.authority().toString();
    }

    public String path() {
        return request.path();
    }

    public String pathParam(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    /** A query parameter, or null; present more than once is an error rather than a guess at which one counts. */
    public String query(String name) {
        java.util.List<String> all;
        try {
            all = request.params().getAll(name);
        } catch (IllegalArgumentException e) {
            // Netty's decoder refuses broken escapes such as %zz: the client's mistake, not a server fault.
            throw ApiException.badRequest("invalid_parameter", null, "the query string is not valid percent-encoding");
        }
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw ApiException.badRequest("invalid_parameter", name, "'" + name + "' is given more than once");
        }
        return all.get(0);
    }

    /** Whether the client asks to open a WebSocket on this request. */
    public boolean isWebSocketUpgrade() {
        return ApiServer.isWebSocketUpgrade(request);
    }

    /**
     * Completes the WebSocket handshake; the endpoint then answers {@link Reply#upgraded()}. Upgrade requests are
     * held paused by the server until here, so the handshake can still read them after asynchronous checks.
     */
    public Future<ServerWebSocket> acceptWebSocket() {
        return request.toWebSocket();
    }

    /**
     * Caps the kernel's send buffer of this connection (Linux otherwise grows it to megabytes): for a live view,
     * bytes queued in the kernel are seconds of delay a slow viewer would never catch up, and the server cannot
     * see them to skip pictures. Only for HTTP/1.x connections (WebSocket upgrades); a no-op otherwise.
     */
    public void limitSendBuffer(int bytes) {
        VertxInternals.limitSendBuffer(request.connection(), bytes);
    }

    public String requestId() {
        return requestId;
    }

    /** The body as {@code type}; 415 unless Content-Type is application/json, 413 beyond the size limit. */
    public <T> Future<T> readJson(Class<T> type) {
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            return Future.failedFuture(new ApiException(415, "unsupported_media_type", null,
                    "Content-Type must be application/json"));
        }
        return readBody().map(body -> StrictJson.read(body, type));
    }

    Future<Buffer> readBody() {
        return readBody(MAX_BODY_BYTES);
    }

    /**
     * The whole body, up to {@code maxBytes} (a file upload takes more than the API's JSON documents): 413 before a
     * byte is read when the declared length is larger, or as soon as more arrives.
     */
    public Future<Buffer> readBody(int maxBytes) {
        bodyRequested = true;
        long declared = declaredLength();
        if (declared > maxBytes) {
            // Refuse before reading a byte; the client sees the answer instead of a 100-continue.
            return Future.failedFuture(tooLarge(maxBytes));
        }
        if (request.isEnded()) {
            // Only a request without a body can have ended already: announced bodies are paused until now.
            bodyComplete = true;
            return Future.succeededFuture(Buffer.buffer());
        }
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                promise.tryFail(tooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            bodyComplete = true;
            promise.tryComplete(body);
        });
        request.exceptionHandler(promise::tryFail);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        request.resume();
        return promise.future();
    }

    /** The body's length as the client declared it (Content-Length), or -1 when it declared none. */
    public long declaredLength() {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Netty rejects this before us; be safe anyway
        }
    }

    /** Whether the client sent (or announced) a body that was not read to its end, so the connection cannot be reused. */
    boolean bodyLeftUnread() {
        if (bodyComplete || request.isEnded()) {
            return false;
        }
        return ApiServer.announcesBody(request) || bodyRequested;
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "payload_too_large", null,
                "the request body is larger than " + maxBytes + " bytes");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            return false;
        }
        // JSON is UTF-8 (RFC 8259); a declared other charset would be decoded wrongly, so refuse it.
        if (semi >= 0) {
            for (String param : contentType.substring(semi + 1).split(";")) {
                String[] kv = param.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")
                        && !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
