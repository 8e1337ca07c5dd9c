package nl.poortwachter.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import nl.poortwachter.gateway.logging.Kv;

/**
 * One line per request: method, path (never the query string, which may carry tokens or names), status,
 * duration, client address, request id. Never bodies or headers: camera credentials travel in bodies.
 * This is the technical access log; the audit log of who viewed what is a separate, tamper-evident record.
 */
final class AccessLog {
    private static final Logger LOG = Logger.getLogger("nl.poortwachter.gateway.http");
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final MeterRegistry registry;

    AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(HttpServerRequest request, int status, long startNanos, String route, String requestId,
                boolean completed, String traceId) {
        long nanos = System.nanoTime() - startNanos;
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        LOG.info(Kv.msg("request")
                .with("method", request.method().name())
                .with("path", request.path())
                .with("status", status)
                .with("ms", TimeUnit.NANOSECONDS.toMillis(nanos))
                .with("client", client)
                .with("id", requestId)
                .with("trace", traceId)
                .with("aborted", completed ? null : "true")
                .toString());
        if (registry != null) {
            // Tagged by route pattern, not path: one series per endpoint, not per camera id someone tried.
            String method = request.method().name();
            Timer.builder("http.server.requests")
                    .description("HTTP requests handled by the gateway API")
                    .tag("method", KNOWN_METHODS.contains(method) ? method : "other")
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("status", Integer.toString(status))
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
