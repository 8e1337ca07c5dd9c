package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.poortwachter.gateway.audit.Actor;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Bootstrap;
import nl.poortwachter.gateway.auth.LoginThrottle;
import nl.poortwachter.gateway.auth.PasswordHasher;
import nl.poortwachter.gateway.auth.PasswordRules;
import nl.poortwachter.gateway.auth.Role;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.gateway.auth.User;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * The first start, in the browser (D55): while the only user is the admin with its one-time password (printed once
 * on the gateway's console), {@code POST /api/v1/setup} takes that one-time code, the admin's own password and,
 * optionally, a first integrator account, and logs the browser in as the integrator (or the admin), so that the
 * next step is adding a camera. The code proves that whoever sets the admin password can read the console: a
 * first-run page open to anyone who reaches the port first would hand the gateway to them.
 *
 * <p>The code is checked like a login (throttled per name and address, before hashing; a wrong code is a failed
 * login in the audit log). The admin keeps no camera rights: adding cameras is the integrator's, a separate account
 * with its own password, made in the same step and audited as made by the admin.
 */
public final class SetupRoutes {
    public static final String BASE = "/api/v1/setup";

    /** A first integrator account, made with the admin's password in the same step. */
    public record NewAccount(String username, String password) {
        @Override
        public String toString() {
            return "NewAccount[username=" + username + "]";
        }
    }

    /** The body of the first-run step; toString leaves the secrets out. */
    public record Setup(String code, String adminPassword, NewAccount integrator) {
        @Override
        public String toString() {
            return "Setup[integrator=" + integrator + "]";
        }
    }

    private final UserStore users;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final PasswordCheck check;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Blocking hashing;
    private final Clock clock;
    private final boolean secureCookie;

    public SetupRoutes(Vertx vertx, UserStore users, Sessions sessions, PasswordHasher hasher, LoginThrottle throttle,
                       AccessPolicy policy, AuditLog audit, Blocking hashing, Clock clock, boolean secureCookie) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.check = new PasswordCheck(vertx, hashing, throttle);
        this.policy = policy;
        this.audit = audit;
        this.hashing = hashing;
        this.clock = clock;
        this.secureCookie = secureCookie;
    }

    public void register(Router router) {
        router.get(BASE, Access.PUBLIC, this::status)
                .post(BASE, Access.PUBLIC, this::complete);
    }

    private Optional<User> pendingAdmin() {
        return Bootstrap.pendingAdmin(users);
    }

    private Future<Reply> status(Exchange ex) {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<User> admin = pendingAdmin();
        body.put("pending", admin.isPresent());
        admin.ifPresent(a -> body.put("adminUsername", a.username()));
        return Future.succeededFuture(Reply.ok(body));
    }

    private Future<Reply> complete(Exchange ex) {
        return ex.readJson(Setup.class).compose(s -> {
            User admin = pendingAdmin().orElseThrow(() -> new ApiException(409, "setup_done", null,
                    "the gateway is set up already; log in at /login"));
            String integrator = validate(s, admin);
            LoginThrottle.Attempt attempt = throttle.begin(admin.username(), ex.clientAddress());
            AuditContext claimed = ex.auditContext(Actor.claimed(admin.username()));
            if (attempt.refused()) {
                return Future.fromCompletionStage(audit.loginFailed(claimed, "locked"))
                        .map(e -> AuthRoutes.tooManyAttempts(attempt));
            }
            return check.run(attempt, () -> hasher.verify(s.code().strip().toCharArray(), admin.passwordHash()),
                    ok -> ok).compose(ok -> {
                        if (!ok) {
                            return Future.fromCompletionStage(audit.loginFailed(claimed, "bad_setup_code"))
                                    .compose(e -> Future.failedFuture(new ApiException(403, "wrong_code", "code",
                                            "this is not the one-time code the gateway printed at its first start")));
                        }
                        return hashing.call(() -> apply(ex, admin, s, integrator)).compose(u -> logIn(ex, u));
                    });
        });
    }

    /** Checks the body before any password is hashed; returns the integrator's normalised name, or null. */
    private static String validate(Setup s, User admin) {
        if (s.code() == null || s.code().isBlank() || s.code().length() > PasswordRules.MAX_LENGTH) {
            throw ApiException.badRequest("invalid_field", "code", "'code' (the one-time code) is required");
        }
        PasswordField.check("adminPassword", s.adminPassword(), admin.username());
        if (s.integrator() == null) {
            return null;
        }
        String name = UserStore.normalise(s.integrator().username());
        if (name == null || !User.USERNAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid_field", "integrator.username",
                    "'integrator.username' must be 1-64 characters: a-z, 0-9, '.', '_', '-'");
        }
        if (name.equals(admin.username())) {
            throw ApiException.badRequest("invalid_field", "integrator.username",
                    "the integrator needs a name of its own, not the admin's");
        }
        PasswordField.check("integrator.password", s.integrator().password(), name);
        if (s.integrator().password().equals(s.adminPassword())) {
            throw ApiException.badRequest("invalid_field", "integrator.password",
                    "give each account its own password");
        }
        return name;
    }

    /**
     * On the hashing pool: the admin's password, then the integrator, each made only once its entry is durable.
     * Synchronised, and pending checked again: two browsers racing with the right code set up once.
     */
    private synchronized User apply(Exchange ex, User admin, Setup s, String integratorName) throws Exception {
        User current = users.byId(admin.id()).orElse(null);
        if (pendingAdmin().isEmpty() || current == null || !current.passwordHash().equals(admin.passwordHash())) {
            throw new ApiException(409, "setup_done", null, "the gateway is set up already; log in at /login");
        }
        AuditContext ctx = ex.auditContext(new Actor(admin.id(), admin.username(), admin.role().id()));
        User newAdmin = admin.withPassword(hasher.hash(s.adminPassword().toCharArray()), false);
        EntryFirst.run(audit.passwordChanged(ctx, admin.username(), false), () -> {
            users.update(newAdmin);
            return newAdmin;
        }, () -> audit.userChangeFailed(ctx, "user.password", admin.username()));
        if (integratorName == null) {
            return newAdmin;
        }
        // The person chose this password themselves just now: nothing to change at first login.
        User integrator = new User(UUID.randomUUID().toString(), integratorName, Role.INTEGRATOR,
                hasher.hash(s.integrator().password().toCharArray()), false, Set.of(), clock.millis());
        return EntryFirst.run(audit.userChanged(ctx, "user.create", integratorName, AuditLog.OK,
                "role=integrator cameras= setup=first_run"), () -> {
            users.insert(integrator);
            return integrator;
        }, () -> audit.userChangeFailed(ctx, "user.create", integratorName));
    }

    private Future<Reply> logIn(Exchange ex, User u) {
        Sessions.Issued issued = sessions.create(u.id());
        Actor actor = new Actor(u.id(), u.username(), u.role().id());
        return Future.fromCompletionStage(audit.loginSucceeded(ex.auditContext(actor), issued.session().ref()))
                .onFailure(t -> sessions.revoke(issued.token()))
                .map(e -> {
                    Map<String, Object> body = LoginReplies.describe(u, policy);
                    body.put("expiresAt", Instant.ofEpochMilli(issued.expiresMillis()).toString());
                    return Reply.ok(body).withHeader("Set-Cookie", LoginReplies.cookie(issued.token(),
                            sessions.absoluteMillis() / 1000, secureCookie));
                });
    }
}
