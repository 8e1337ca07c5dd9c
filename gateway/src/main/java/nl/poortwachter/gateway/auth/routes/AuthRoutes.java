package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.gateway.audit.Actor;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.LoginThrottle;
import nl.poortwachter.gateway.auth.PasswordHasher;
import nl.poortwachter.gateway.auth.PasswordRules;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.Principal;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.gateway.auth.User;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.ErrorReplies;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * Login, logout, who am I, change my password, under /api/v1/auth. Two ways to log in with the same checks:
 * {@code login} sets an HttpOnly, SameSite=Strict cookie for the browser UI (the token never reaches JavaScript);
 * {@code token} returns the token in the body for API clients, which send it as {@code Authorization: Bearer}.
 *
 * <p>A failed login answers the same (status, body, about the same time: unknown names are checked against a
 * dummy hash) whether or not the user exists. {@link LoginThrottle} admits each attempt before its password is
 * hashed (logins and the own-password change alike): after repeated failures for a name from an address that pair
 * gets 429 with Retry-After, and an address with many failures has its attempts spaced out; again the same for
 * names that exist and names that do not.
 */
public final class AuthRoutes {
    public static final String BASE = "/api/v1/auth";

    /** The body of a login; toString leaves the password out so that no log or exception message can carry it. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    private final Vertx vertx;
    private final UserStore users;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Blocking hashing;
    private final boolean secureCookie;

    /** @param hashing a small pool of its own: PBKDF2 is CPU work, and guessing must not starve other requests */
    public AuthRoutes(Vertx vertx, UserStore users, Sessions sessions, PasswordHasher hasher, LoginThrottle throttle,
                      AccessPolicy policy, AuditLog audit, Blocking hashing, boolean secureCookie) {
        this.vertx = vertx;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.policy = policy;
        this.audit = audit;
        this.hashing = hashing;
        this.secureCookie = secureCookie;
    }

    public void register(Router router) {
        router.post(BASE + "/login", Access.PUBLIC, ex -> login(ex, true))
                .post(BASE + "/token", Access.PUBLIC, ex -> login(ex, false))
                .post(BASE + "/logout", Access.of(Permission.SELF, "auth.logout"), this::logout)
                .get(BASE + "/me", Access.of(Permission.SELF, "auth.me"), this::me)
                .post(BASE + "/password", Access.of(Permission.SELF, "user.password"), this::changePassword);
    }

    private Future<Reply> login(Exchange ex, boolean cookie) {
        return ex.readJson(Credentials.class).compose(c -> {
            if (c.username() == null || c.password() == null || c.username().isBlank()
                    || c.password().length() > PasswordRules.MAX_LENGTH) {
                throw ApiException.badRequest("invalid_field", null, "'username' and 'password' are required");
            }
            String name = UserStore.normalise(c.username());
            LoginThrottle.Attempt attempt = throttle.begin(name, ex.clientAddress());
            if (attempt.refused()) {
                return Future.fromCompletionStage(audit.loginFailed(ex.auditContext(Actor.claimed(name)), "locked"))
                        .map(e -> tooManyAttempts(attempt));
            }
            return checked(attempt, () -> check(name, c.password()), Optional::isPresent).compose(user -> {
                if (user.isEmpty()) {
                    return Future.fromCompletionStage(audit.loginFailed(ex.auditContext(Actor.claimed(name)),
                            "bad_credentials")).map(e -> ErrorReplies.of(401, "login_failed",
                            "unknown user name or wrong password"));
                }
                User u = user.get();
                Sessions.Issued issued = sessions.create(u.id());
                Actor actor = new Actor(u.id(), u.username(), u.role().id());
                return Future.fromCompletionStage(audit.loginSucceeded(ex.auditContext(actor), issued.session().ref()))
                        // A login session without its login entry must not outlive the refused login.
                        .onFailure(t -> sessions.revoke(issued.token()))
                        .map(e -> {
                            Map<String, Object> body = describe(u);
                            body.put("expiresAt", Instant.ofEpochMilli(issued.expiresMillis()).toString());
                            if (cookie) {
                                return Reply.ok(body).withHeader("Set-Cookie", cookie(issued.token(),
                                        sessions.absoluteMillis() / 1000));
                            }
                            body.put("token", issued.token());
                            body.put("tokenType", "Bearer");
                            return Reply.ok(body);
                        });
            });
        });
    }

    /** See {@link PasswordCheck}. */
    private <T> Future<T> checked(LoginThrottle.Attempt attempt, java.util.concurrent.Callable<T> check,
                                  java.util.function.Predicate<T> passwordRight) {
        return new PasswordCheck(vertx, hashing, throttle).run(attempt, check, passwordRight);
    }

    static Reply tooManyAttempts(LoginThrottle.Attempt attempt) {
        return ErrorReplies.of(429, "too_many_attempts", "too many failed attempts; try again later")
                .withHeader("Retry-After", Long.toString((attempt.retryAfterMillis() + 999) / 1000));
    }

    /** On a worker: PBKDF2 takes a noticeable fraction of a second by design. */
    private Optional<User> check(String name, String password) {
        Optional<User> user = users.byName(name);
        boolean ok = hasher.verify(password.toCharArray(), user.map(User::passwordHash).orElse(null));
        if (!ok || user.isEmpty()) {
            return Optional.empty();
        }
        User u = user.get();
        if (hasher.needsRehash(u.passwordHash())) {
            u = u.withPassword(hasher.hash(password.toCharArray()), u.mustChangePassword());
            users.update(u);
        }
        return Optional.of(u);
    }

    private Future<Reply> logout(Exchange ex) {
        Principal p = ex.principal();
        String auth = ex.header("Authorization");
        String token = p.viaCookie() ? ex.cookie(AuthGuard.COOKIE) : auth.substring(7).strip();
        sessions.revoke(token);
        return Future.fromCompletionStage(audit.logout(ex.auditContext(), p.sessionRef()))
                .map(e -> Reply.noContent().withHeader("Set-Cookie", cookie("", 0)));
    }

    private Future<Reply> me(Exchange ex) {
        return Future.succeededFuture(Reply.ok(describe(ex.principal().user())));
    }

    private Future<Reply> changePassword(Exchange ex) {
        Principal p = ex.principal();
        return ex.readJson(PasswordChange.class).compose(c -> {
            if (c.currentPassword() == null) {
                throw ApiException.badRequest("invalid_field", "currentPassword", "'currentPassword' is required");
            }
            PasswordField.check("newPassword", c.newPassword(), p.username());
            if (c.newPassword().equals(c.currentPassword())) {
                throw ApiException.badRequest("invalid_field", "newPassword", "the new password must differ from the current one");
            }
            AuditContext ctx = ex.auditContext();
            String keep = sessionHash(ex);
            // Whoever holds a login session could otherwise guess its password here, at full speed.
            LoginThrottle.Attempt attempt = throttle.begin(p.username(), ex.clientAddress());
            if (attempt.refused()) {
                return Future.fromCompletionStage(audit.denied(ctx, "user.password", "user", p.username(), "locked"))
                        .map(e -> tooManyAttempts(attempt));
            }
            return checked(attempt, () -> {
                User u = users.byId(p.userId()).orElseThrow(() -> new ApiException(401, "unauthenticated", null, "user removed"));
                return hasher.verify(c.currentPassword().toCharArray(), u.passwordHash()) ? u : null;
            }, java.util.Objects::nonNull).compose(u -> {
                if (u == null) {
                    return Future.failedFuture(new ApiException(403, "wrong_password", "currentPassword",
                            "the current password is wrong"));
                }
                return hashing.call(() -> {
                    User changed = u.withPassword(hasher.hash(c.newPassword().toCharArray()), false);
                    // Not changed before its entry is durable; then other login sessions of this user end: whoever else
                    // knew the old password is out now.
                    return EntryFirst.run(audit.passwordChanged(ctx, u.username(), false), () -> {
                        users.update(changed);
                        sessions.revokeOthers(changed.id(), keep);
                        return changed;
                    }, () -> audit.userChangeFailed(ctx, "user.password", u.username()));
                });
            }).map(changed -> Reply.noContent());
        });
    }

    private String sessionHash(Exchange ex) {
        Principal p = ex.principal();
        String token = p.viaCookie() ? ex.cookie(AuthGuard.COOKIE) : ex.header("Authorization").substring(7).strip();
        return Sessions.hash(token);
    }

    private Map<String, Object> describe(User u) {
        return LoginReplies.describe(u, policy);
    }

    private String cookie(String token, long maxAgeSeconds) {
        return LoginReplies.cookie(token, maxAgeSeconds, secureCookie);
    }
}
