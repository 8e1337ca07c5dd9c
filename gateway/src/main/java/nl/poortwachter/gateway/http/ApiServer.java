package nl.poortwachter.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import nl.poortwachter.gateway.audit.TraceContext;

/**
 * The HTTP server: routes each request, runs its endpoint, and writes the reply with the headers every response
 * carries. All of it runs on the event loop and never waits; endpoints hop to workers for blocking work.
 */
public final class ApiServer {
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    private static final long DRAIN_TIMEOUT_MILLIS = 5000;

    private final Vertx vertx;
    private final Router router;
    private final AccessLog accessLog;
    private final RequestGuard guard;
    private final TrustedProxies proxies;
    private HttpServer server;

    /** Without a guard: for tests of the HTTP layer only. */
    public ApiServer(Vertx vertx, Router router, MeterRegistry registry) {
        this(vertx, router, registry, RequestGuard.OPEN, TrustedProxies.NONE);
    }

    /** @param proxies reverse proxies whose {@code X-Forwarded-For} names the client (in the audit log, for throttling) */
    public ApiServer(Vertx vertx, Router router, MeterRegistry registry, RequestGuard guard, TrustedProxies proxies) {
        this.vertx = vertx;
        this.router = router;
        this.accessLog = new AccessLog(registry);
        this.guard = guard;
        this.proxies = proxies;
    }

    /** Starts listening; the future holds the port actually bound (useful when 0 asked for any free port). */
    public Future<Integer> listen(String host, int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // Idle keep-alive connections are closed, so that slow or abandoned clients do not pile up.
                .setIdleTimeout(60)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                // We answer 100-continue ourselves, after checking the declared size.
                .setHandle100ContinueAutomatically(false)
                // HTTP/1.1 only: no h2c upgrade of plain-text connections (clients such as java.net.http ask for
                // it). HTTP/2 comes with TLS, when the gateway terminates TLS itself.
                .setHttp2ClearTextEnabled(false);
        server = vertx.createHttpServer(options)
                .requestHandler(this::handle)
                .invalidRequestHandler(this::invalid);
        return server.listen().map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        String requestId = newRequestId();
        if (announcesBody(request) || isWebSocketUpgrade(request)) {
            // Hold the body until an endpoint asks for it with its size limit in place; hold an upgrade request
            // until the endpoint accepts it (after the guard's and its own asynchronous checks).
            request.pause();
        }
        Router.Match match = router.match(request.method(), request.path());
        TraceContext trace = TraceContext.fromHeader(request.getHeader("traceparent"));
        Future<Reply> reply;
        String route = null;
        Exchange exchange;
        if (match instanceof Router.Found found) {
            route = found.route().pattern();
            Exchange ex = new Exchange(request, found.params(), requestId, trace, proxies);
            exchange = ex;
            Future<Reply> admitted;
            try {
                admitted = guard.admit(ex, found.route());
            } catch (RuntimeException e) {
                admitted = Future.failedFuture(e);
            }
            reply = admitted.compose(refusal -> refusal != null ? Future.succeededFuture(refusal)
                    : runEndpoint(found.route(), ex));
        } else if (match instanceof Router.WrongMethod wrong) {
            exchange = new Exchange(request, Map.of(), requestId, trace, proxies);
            if (request.method().equals(HttpMethod.OPTIONS)) {
                reply = Future.succeededFuture(Reply.noContent().withHeader("Allow", wrong.allowed() + ", OPTIONS"));
            } else {
                reply = Future.succeededFuture(Reply.json(405, new ErrorBody("method_not_allowed",
                        request.method().name() + " is not allowed here; allowed: " + wrong.allowed(), null))
                        .withHeader("Allow", wrong.allowed()));
            }
        } else {
            exchange = new Exchange(request, Map.of(), requestId, trace, proxies);
            reply = Future.succeededFuture(Reply.json(404, new ErrorBody("not_found", "no such resource", null)));
        }
        String routeForLog = route;
        reply.recover(t -> Future.succeededFuture(
                        Failures.toReply(t, request.method().name(), request.path(), requestId)))
                .onComplete(ar -> send(request, exchange, ar.succeeded() ? ar.result()
                        : Failures.toReply(ar.cause(), request.method().name(), request.path(), requestId),
                        start, routeForLog, requestId));
    }

    private static Future<Reply> runEndpoint(Router.Route route, Exchange exchange) {
        try {
            Future<Reply> r = route.endpoint().handle(exchange);
            return r != null ? r
                    : Future.failedFuture(new IllegalStateException("endpoint returned no reply: " + route.pattern()));
        } catch (Exception | LinkageError | AssertionError e) {
            return Future.failedFuture(e);
        }
    }

    private void send(HttpServerRequest request, Exchange exchange, Reply reply, long start, String route,
                      String requestId) {
        if (reply.isUpgrade()) {
            accessLog.record(request, 101, start, route, requestId, true, exchange.trace().traceId());
            return;
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            if (reply.stream() != null) {
                reply.stream().source().handler(null).resume(); // read to its end and dropped: nobody wants it
            }
            accessLog.record(request, reply.status(), start, route, requestId, false, exchange.trace().traceId());
            return;
        }
        response.setStatusCode(reply.status());
        securityHeaders(response);
        response.putHeader("X-Request-Id", requestId);
        response.putHeader("X-Trace-Id", exchange.trace().traceId());
        reply.headers().forEach(response::putHeader);
        if (reply.contentType() != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType());
        }
        // A body we did not read to its end would be parsed as the next request: close instead. So is a refused
        // WebSocket upgrade (its request is still paused).
        boolean close = (exchange.bodyLeftUnread() || isWebSocketUpgrade(request)) && request.version() != HttpVersion.HTTP_2;
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> end;
        if (reply.file() != null) {
            // A byte range of a file (playback, export download): sendfile from the kernel, never through the heap.
            Reply.FileRegion f = reply.file();
            if (request.method().equals(HttpMethod.HEAD)) {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(f.length()));
                end = response.end();
            } else {
                end = response.sendFile(f.path(), f.offset(), f.length());
            }
        } else if (reply.stream() != null) {
            // Another node's bytes (D77): passed on as they arrive, the source paused while this socket is full.
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(reply.stream().length()));
            if (request.method().equals(HttpMethod.HEAD)) {
                reply.stream().source().handler(null).resume();
                end = response.end();
            } else {
                end = reply.stream().source().pipeTo(response);
            }
        } else if (reply.body() == null) {
            end = response.end();
        } else if (request.method().equals(HttpMethod.HEAD)) {
            // HEAD: the headers GET would send, no body (Vert.x would write one and break the connection).
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(reply.body().length()));
            end = response.end();
        } else {
            end = response.end(reply.body());
        }
        end.onComplete(ar -> {
            accessLog.record(request, reply.status(), start, route, requestId, ar.succeeded(),
                    exchange.trace().traceId());
            if (close) {
                closeAfterDraining(request);
            }
        });
    }

    /**
     * Closes the connection of a request whose body was refused. Closing with unread bytes in the socket makes
     * the kernel send a reset, and clients then lose the 413 they were sent; so up to a bound the rest of the
     * body is read and thrown away first.
     */
    private void closeAfterDraining(HttpServerRequest request) {
        var connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long[] drained = {0};
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_LIMIT_BYTES) {
                connection.close();
            }
        });
        request.endHandler(v -> connection.close());
        request.exceptionHandler(t -> connection.close());
        vertx.setTimer(DRAIN_TIMEOUT_MILLIS, id -> connection.close());
        request.resume();
    }

    /** Requests Netty could not parse (line or headers too long, bad syntax) get the same JSON errors and headers. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String code = status == 414 ? "uri_too_long" : status == 431 ? "headers_too_large" : "bad_request";
        Reply reply = Reply.json(status, new ErrorBody(code, "the request could not be parsed", null));
        HttpServerResponse response = request.response();
        response.setStatusCode(status);
        securityHeaders(response);
        response.putHeader(HttpHeaders.CONTENT_TYPE, Reply.JSON);
        response.putHeader(HttpHeaders.CONNECTION, "close");
        long start = System.nanoTime();
        response.end(reply.body()).onComplete(ar -> {
            accessLog.record(request, status, start, null, "-", ar.succeeded(), null);
            request.connection().close();
        });
    }

    static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && request.method().equals(HttpMethod.GET);
    }

    static boolean announcesBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.strip().equals("0"));
    }

    static void securityHeaders(HttpServerResponse response) {
        // API answers are per-user and may show camera details: no shared or browser caching, no MIME sniffing.
        response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.putHeader("X-Content-Type-Options", "nosniff");
        // Nothing the API answers is a page to render or frame; pages served by web.StaticFiles set their own policy.
        response.putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.putHeader("X-Frame-Options", "DENY");
        response.putHeader("Referrer-Policy", "no-referrer");
    }

    private static String newRequestId() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    }
}
