package nl.poortwachter.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.logging.Log;

/**
 * One line per request: method, path (never the query string, which may carry tokens or names), status,
 * duration, client address, request id. Never bodies or headers: camera credentials travel in bodies.
 * This is the technical access log; the audit log of who viewed what is a separate, tamper-evident record.
 */
final class AccessLog {
    private static final Log LOG = Log.of(AccessLog.class);
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final MeterRegistry registry;

    AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(HttpServerRequest request, int status, long startNanos, String route, String requestId,
                boolean completed, String traceId) {
        long nanos = System.nanoTime() - startNanos;
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        LOG.info("request", "method", request.method().name(), "path", request.path(), "status", status,
                "ms", TimeUnit.NANOSECONDS.toMillis(nanos), "client", client, "id", requestId, "trace", traceId,
                "aborted", completed ? null : "true");
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
