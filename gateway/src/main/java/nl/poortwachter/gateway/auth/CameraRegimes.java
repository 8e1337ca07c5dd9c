package nl.poortwachter.gateway.auth;

import io.vertx.core.Future;

/** Looks up a camera's legal regime (off the event loop); completes with null when there is no such camera. */
@FunctionalInterface
public interface CameraRegimes {
    Future<String> regimeOf(String cameraId);
}
