package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import nl.poortwachter.gateway.auth.LoginThrottle;
import nl.poortwachter.gateway.http.Blocking;

/**
 * Checks a password for an attempt the {@link LoginThrottle} admitted: after the address's spacing (a timer, never a
 * blocked thread), on the hashing pool, then tells the throttle how it went; an error counts as a failure. Every
 * place that checks a password someone typed (login, own-password change, first-run setup) goes through here.
 */
final class PasswordCheck {
    private final Vertx vertx;
    private final Blocking hashing;
    private final LoginThrottle throttle;

    PasswordCheck(Vertx vertx, Blocking hashing, LoginThrottle throttle) {
        this.vertx = vertx;
        this.hashing = hashing;
        this.throttle = throttle;
    }

    <T> Future<T> run(LoginThrottle.Attempt attempt, Callable<T> check, Predicate<T> passwordRight) {
        Future<Void> turn = attempt.waitMillis() > 0 ? vertx.timer(attempt.waitMillis()).mapEmpty()
                : Future.succeededFuture();
        return turn.compose(v -> hashing.call(check)).onComplete(ar -> {
            if (ar.succeeded() && passwordRight.test(ar.result())) {
                throttle.succeeded(attempt);
            } else {
                throttle.failed(attempt);
            }
        });
    }
}
