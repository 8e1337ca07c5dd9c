package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.CameraGroup;
import nl.poortwachter.gateway.auth.GroupStore;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.User;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;

/**
 * Camera groups under /api/v1/groups, for the admin (D57): list; {@code PUT /{id}} makes a group or replaces its name
 * and cameras (a grant on the group then covers exactly those cameras, at once); {@code DELETE /{id}} removes one
 * that nobody holds a grant on. Audited before the change is made.
 */
public final class GroupRoutes {
    public static final String BASE = "/api/v1/groups";
    private static final Pattern CAMERA = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_NAME = 100;
    private static final int MAX_CAMERAS = 10_000;

    /** The body of a PUT. */
    public record GroupBody(String name, List<String> cameras) {
    }

    private final GroupStore groups;
    private final UserStore users;
    private final AuditLog audit;
    private final Blocking blocking;
    private final Clock clock;

    public GroupRoutes(GroupStore groups, UserStore users, AuditLog audit, Blocking blocking, Clock clock) {
        this.groups = groups;
        this.users = users;
        this.audit = audit;
        this.blocking = blocking;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get(BASE, Access.of(Permission.USER_ADMIN, "group.list"), this::list)
                .put(BASE + "/{group}", Access.of(Permission.USER_ADMIN, "group.update"), this::put)
                .delete(BASE + "/{group}", Access.of(Permission.USER_ADMIN, "group.delete"), this::remove);
    }

    private Future<Reply> list(Exchange ex) {
        return Future.succeededFuture(Reply.ok(groups.all().stream().map(this::view).toList()));
    }

    private Future<Reply> put(Exchange ex) {
        String id = ex.pathParam("group");
        if (!CameraGroup.ID.matcher(id).matches()) {
            throw ApiException.badRequest("invalid_field", "id", "a group id is 1-63 characters a-z, 0-9 and '-'");
        }
        return ex.readJson(GroupBody.class).compose(b -> {
            if (b.name() == null || b.name().isBlank() || b.name().length() > MAX_NAME
                    || b.name().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("invalid_field", "name", "'name' is required, at most " + MAX_NAME
                        + " characters");
            }
            if (b.cameras() == null || b.cameras().size() > MAX_CAMERAS
                    || b.cameras().stream().anyMatch(c -> c == null || !CAMERA.matcher(c).matches())) {
                throw ApiException.badRequest("invalid_field", "cameras",
                        "'cameras' is a list of camera ids (a-z, 0-9, '-'), may be empty");
            }
            Set<String> cameras = new TreeSet<>(b.cameras());
            long created = groups.byId(id).map(CameraGroup::createdMillis).orElse(clock.millis());
            CameraGroup g = new CameraGroup(id, b.name().strip(), cameras, created);
            AuditContext ctx = ex.auditContext();
            return blocking.call(() -> EntryFirst.run(audit.groupChanged(ctx, "group.update", id, AuditLog.OK,
                    "name=" + g.name() + " cameras=" + String.join(",", cameras)), () -> {
                groups.put(g);
                return g;
            }, () -> audit.groupChanged(ctx, "group.update", id, AuditLog.ERROR, null)));
        }).map(g -> Reply.ok(view(g)));
    }

    private Future<Reply> remove(Exchange ex) {
        CameraGroup g = groups.byId(ex.pathParam("group"))
                .orElseThrow(() -> ApiException.notFound("no such camera group"));
        List<String> holders = users.all().stream().filter(u -> u.grants().contains(g.grant()))
                .map(User::username).toList();
        if (!holders.isEmpty()) {
            throw new ApiException(409, "group_in_use", null, "withdraw the grant on this group first from: "
                    + String.join(", ", holders));
        }
        AuditContext ctx = ex.auditContext();
        return blocking.call(() -> EntryFirst.run(audit.groupChanged(ctx, "group.delete", g.id(), AuditLog.OK,
                "name=" + g.name()), () -> {
            groups.delete(g);
            return g;
        }, () -> audit.groupChanged(ctx, "group.delete", g.id(), AuditLog.ERROR, null))).map(x -> Reply.noContent());
    }

    private Map<String, Object> view(CameraGroup g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", g.id());
        v.put("name", g.name());
        v.put("cameras", g.cameras().stream().sorted().toList());
        v.put("grant", g.grant());
        v.put("created", Instant.ofEpochMilli(g.createdMillis()).toString());
        return v;
    }
}
