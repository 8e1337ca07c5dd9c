package nl.poortwachter.gateway.http;

import io.vertx.core.Future;

/**
 * Runs before every routed endpoint: authentication, CSRF checks, authorisation against the route's
 * {@link Access}. Completes with null to let the endpoint run, or with the reply to send instead (401, 403,
 * a redirect to the login page); a refusal is audited before that future completes.
 */
@FunctionalInterface
public interface RequestGuard {
    /** For tests of the HTTP layer alone: lets everything through. Never used by the gateway. */
    RequestGuard OPEN = (ex, route) -> Future.succeededFuture(null);

    Future<Reply> admit(Exchange exchange, Router.Route route);
}
