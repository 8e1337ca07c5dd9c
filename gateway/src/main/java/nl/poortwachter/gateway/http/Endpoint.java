package nl.poortwachter.gateway.http;

import io.vertx.core.Future;

/**
 * Handles one route. Runs on the event loop: it may parse and validate, but anything that can block (every
 * Recorder call) goes through {@link Blocking}. Failing with {@link ApiException} gives that error response;
 * any other failure is a 500 that is logged with its stack trace.
 */
@FunctionalInterface
public interface Endpoint {
    Future<Reply> handle(Exchange exchange) throws Exception;
}
