package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import java.util.Collection;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.Exchange;

/**
 * The legal regimes that decide a request's footage permission (off the event loop): those the footage it concerns
 * was recorded under, found as the route declares ({@link Access#footage()}), or the camera's current regime where
 * the range holds no footage or the route names none. Empty when the camera does not exist (its endpoint answers
 * 404).
 */
@FunctionalInterface
public interface FootageRegimes {
    Future<Collection<String>> of(Exchange ex, Access access, String cameraId);
}
