package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditEntry;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.CameraGroup;
import nl.poortwachter.gateway.auth.GroupStore;
import nl.poortwachter.gateway.auth.OneTimePassword;
import nl.poortwachter.gateway.auth.PasswordHasher;
import nl.poortwachter.gateway.auth.PasswordRules;
import nl.poortwachter.gateway.auth.Permission;
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
 * User administration under /api/v1/users, for the admin role: create (with an initial password the user must
 * change at first login), change role, set camera grants, reset a password, remove. Changes that reduce someone's
 * rights end that user's login sessions at once; every change is audited before it is made (and so before it is
 * answered).
 */
public final class UserRoutes {
    public static final String BASE = "/api/v1/users";
    private static final Pattern CAMERA = Pattern.compile("\\*|[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern GROUP = Pattern.compile(CameraGroup.GRANT_PREFIX + "([a-z0-9][a-z0-9-]{0,62})");

    public record NewUser(String username, Role role, String password, List<String> grants) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", role=" + role + "]";
        }
    }

    public record RoleChange(Role role) {
    }

    public record Grants(List<String> cameras) {
    }

    public record PasswordReset(String password) {
        @Override
        public String toString() {
            return "PasswordReset[***]";
        }
    }

    private final UserStore users;
    private final GroupStore groups;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Blocking blocking;
    private final Clock clock;
    private final SecureRandom random;

    public UserRoutes(UserStore users, GroupStore groups, Sessions sessions, PasswordHasher hasher, AuditLog audit,
                      Blocking blocking, Clock clock, SecureRandom random) {
        this.users = users;
        this.groups = groups;
        this.sessions = sessions;
        this.hasher = hasher;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
        this.random = random;
    }

    public void register(Router router) {
        router.get(BASE, Access.of(Permission.USER_ADMIN, "user.list"), this::list)
                .post(BASE, Access.of(Permission.USER_ADMIN, "user.create"), this::create)
                .get(BASE + "/{name}", Access.of(Permission.USER_ADMIN, "user.read"), this::get)
                .put(BASE + "/{name}", Access.of(Permission.USER_ADMIN, "user.update"), this::changeRole)
                .delete(BASE + "/{name}", Access.of(Permission.USER_ADMIN, "user.delete"), this::remove)
                .put(BASE + "/{name}/grants", Access.of(Permission.USER_ADMIN, "user.grants"), this::setGrants)
                .post(BASE + "/{name}/password", Access.of(Permission.USER_ADMIN, "user.password"), this::resetPassword);
    }

    private Future<Reply> list(Exchange ex) {
        return Future.succeededFuture(Reply.ok(users.all().stream().map(UserRoutes::view).toList()));
    }

    private Future<Reply> get(Exchange ex) {
        return Future.succeededFuture(Reply.ok(view(existing(ex))));
    }

    private Future<Reply> create(Exchange ex) {
        return ex.readJson(NewUser.class).compose(n -> {
            String name = UserStore.normalise(n.username());
            if (name == null || !User.USERNAME.matcher(name).matches()) {
                throw ApiException.badRequest("invalid_field", "username",
                        "'username' must be 1-64 characters: a-z, 0-9, '.', '_', '-'");
            }
            if (n.role() == null) {
                throw ApiException.badRequest("invalid_field", "role", "'role' is required");
            }
            boolean generated = n.password() == null;
            String password = generated ? OneTimePassword.generate(random) : n.password();
            PasswordField.check("password", password, name);
            Set<String> grants = grants(n.grants());
            AuditContext ctx = ex.auditContext();
            return blocking.call(() -> {
                if (users.byName(name).isPresent()) {
                    throw new ApiException(409, "user_exists", "username", "a user named '" + name + "' exists already");
                }
                User u = new User(UUID.randomUUID().toString(), name, n.role(), hasher.hash(password.toCharArray()),
                        true, grants, clock.millis());
                return entryFirst(ctx, "user.create", name, audit.userChanged(ctx, "user.create", name, AuditLog.OK,
                        "role=" + u.role().id() + " cameras=" + String.join(",", new TreeSet<>(u.grants()))), () -> {
                    users.insert(u);
                    return u;
                });
            }).map(u -> {
                Map<String, Object> body = view(u);
                if (generated) {
                    // Shown once, to the admin who hands it over; the user must change it at first login.
                    body.put("initialPassword", password);
                }
                return Reply.json(201, body).withHeader("Location", BASE + "/" + u.username());
            });
        });
    }

    private Future<Reply> changeRole(Exchange ex) {
        User u = existing(ex);
        return ex.readJson(RoleChange.class).compose(c -> {
            if (c.role() == null) {
                throw ApiException.badRequest("invalid_field", "role", "'role' is required");
            }
            if (u.role() == Role.ADMIN && c.role() != Role.ADMIN && users.countWithRole(Role.ADMIN) == 1) {
                throw new ApiException(409, "last_admin", "role", "the last admin cannot lose the admin role");
            }
            AuditContext ctx = ex.auditContext();
            User changed = u.withRole(c.role());
            return blocking.call(() -> entryFirst(ctx, "user.update", u.username(), audit.userChanged(ctx,
                    "user.update", u.username(), AuditLog.OK, "role=" + u.role().id() + "->" + changed.role().id()), () -> {
                users.update(changed);
                if (c.role() != u.role()) {
                    sessions.revokeAll(u.id());
                }
                return changed;
            }));
        }).map(changed -> Reply.ok(view(changed)));
    }

    private Future<Reply> setGrants(Exchange ex) {
        User u = existing(ex);
        return ex.readJson(Grants.class).compose(g -> {
            if (g.cameras() == null) {
                throw ApiException.badRequest("invalid_field", "cameras", "'cameras' is required (a list, may be empty)");
            }
            User changed = u.withGrants(grants(g.cameras()));
            AuditContext ctx = ex.auditContext();
            return blocking.call(() -> entryFirst(ctx, "user.grants", u.username(), audit.grantsChanged(ctx,
                    u.username(), new ArrayList<>(new TreeSet<>(changed.grants()))), () -> {
                users.update(changed);
                return changed;
            }));
        }).map(changed -> Reply.ok(view(changed)));
    }

    private Future<Reply> resetPassword(Exchange ex) {
        User u = existing(ex);
        return ex.readJson(PasswordReset.class).compose(r -> {
            boolean generated = r.password() == null;
            String password = generated ? OneTimePassword.generate(random) : r.password();
            PasswordField.check("password", password, u.username());
            AuditContext ctx = ex.auditContext();
            return blocking.call(() -> {
                User reset = u.withPassword(hasher.hash(password.toCharArray()), true);
                return entryFirst(ctx, "user.password", u.username(), audit.passwordChanged(ctx, u.username(), true),
                        () -> {
                            users.update(reset);
                            sessions.revokeAll(u.id());
                            return reset;
                        });
            }).map(reset -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("username", u.username());
                body.put("mustChangePassword", true);
                if (generated) {
                    body.put("initialPassword", password);
                }
                return Reply.ok(body);
            });
        });
    }

    private Future<Reply> remove(Exchange ex) {
        User u = existing(ex);
        if (u.id().equals(ex.principal().userId())) {
            throw new ApiException(409, "self_delete", null, "you cannot remove your own account");
        }
        if (u.role() == Role.ADMIN && users.countWithRole(Role.ADMIN) == 1) {
            throw new ApiException(409, "last_admin", null, "the last admin cannot be removed");
        }
        AuditContext ctx = ex.auditContext();
        return blocking.call(() -> entryFirst(ctx, "user.delete", u.username(), audit.userChanged(ctx, "user.delete",
                u.username(), AuditLog.OK, "role=" + u.role().id()), () -> {
            users.delete(u);
            sessions.revokeAll(u.id());
            return u;
        })).map(x -> Reply.noContent());
    }

    /**
     * Makes a user change only once its entry is durable: refused (503) with nothing changed while the log cannot
     * write. Entry first rather than change-then-undo, because revoked login sessions cannot be given back.
     */
    private <T> T entryFirst(AuditContext ctx, String action, String username, CompletableFuture<AuditEntry> entry,
                             Callable<T> change) throws Exception {
        return EntryFirst.run(entry, change, () -> audit.userChangeFailed(ctx, action, username));
    }

    private User existing(Exchange ex) {
        String name = ex.pathParam("name");
        return users.byName(User.USERNAME.matcher(name).matches() ? name : null)
                .orElseThrow(() -> ApiException.notFound(User.USERNAME.matcher(name).matches()
                        ? "no user named '" + name + "'" : "no such user"));
    }

    /** Camera ids, {@code *} for every camera, or {@code group:<id>} for a camera group that exists. */
    private Set<String> grants(List<String> cameras) {
        Set<String> out = new TreeSet<>();
        if (cameras == null) {
            return out;
        }
        for (String c : cameras) {
            java.util.regex.Matcher group = c == null ? null : GROUP.matcher(c);
            if (group != null && group.matches()) {
                if (groups.byId(group.group(1)).isEmpty()) {
                    throw ApiException.badRequest("invalid_field", "grants", "no camera group '" + group.group(1) + "'");
                }
            } else if (c == null || !CAMERA.matcher(c).matches()) {
                throw ApiException.badRequest("invalid_field", "grants", "each grant must be a camera id (a-z, 0-9,"
                        + " '-'), '*' for all cameras, or 'group:<id>' for a camera group");
            }
            out.add(c);
        }
        return out;
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("username", u.username());
        v.put("role", u.role().id());
        v.put("mustChangePassword", u.mustChangePassword());
        v.put("grants", u.grants().stream().sorted().toList());
        v.put("created", java.time.Instant.ofEpochMilli(u.createdMillis()).toString());
        return v;
    }
}
