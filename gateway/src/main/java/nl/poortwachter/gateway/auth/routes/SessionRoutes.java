package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.EntryFirst;
import nl.poortwachter.gateway.auth.Permission;
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
 * Who is logged in now, for the admin: {@code GET /api/v1/sessions} lists the live login sessions (user, role, since,
 * last seen, when it ends; never a token), {@code DELETE /api/v1/sessions/{ref}} ends one (a lost laptop, someone who
 * left). A login session is named by its reference, the same short hash prefix the audit log's login entries carry. The
 * revocation is audited before it is made.
 */
public final class SessionRoutes {
    public static final String BASE = "/api/v1/sessions";
    private static final Pattern REF = Pattern.compile("[0-9a-f]{12}");

    private final Sessions sessions;
    private final UserStore users;
    private final AuditLog audit;
    private final Blocking blocking;

    public SessionRoutes(Sessions sessions, UserStore users, AuditLog audit, Blocking blocking) {
        this.sessions = sessions;
        this.users = users;
        this.audit = audit;
        this.blocking = blocking;
    }

    public void register(Router router) {
        router.get(BASE, Access.of(Permission.USER_ADMIN, "session.list"), this::list)
                .delete(BASE + "/{ref}", Access.of(Permission.USER_ADMIN, "session.revoke"), this::revoke);
    }

    private Future<Reply> list(Exchange ex) {
        String own = ex.principal().sessionRef();
        List<Map<String, Object>> out = sessions.active().stream()
                .map(s -> users.byId(s.userId()).map(u -> view(s, u, s.ref().equals(own))))
                .flatMap(Optional::stream).toList();
        return Future.succeededFuture(Reply.ok(out));
    }

    private Map<String, Object> view(Sessions.Session s, User u, boolean current) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ref", s.ref());
        v.put("username", u.username());
        v.put("role", u.role().id());
        v.put("created", Instant.ofEpochMilli(s.createdMillis()).toString());
        v.put("lastSeen", Instant.ofEpochMilli(s.lastSeenMillis()).toString());
        v.put("expires", Instant.ofEpochMilli(sessions.expiresMillis(s)).toString());
        v.put("current", current);
        return v;
    }

    private Future<Reply> revoke(Exchange ex) {
        String ref = ex.pathParam("ref");
        Sessions.Session s = (REF.matcher(ref).matches() ? sessions.byRef(ref) : Optional.<Sessions.Session>empty())
                .orElseThrow(() -> ApiException.notFound("no live session with that reference"));
        String username = users.byId(s.userId()).map(User::username).orElse(s.userId());
        AuditContext ctx = ex.auditContext();
        return blocking.call(() -> EntryFirst.run(
                audit.userChanged(ctx, "session.revoke", username, AuditLog.OK, "session=" + s.ref()),
                () -> sessions.revokeHash(s.hash()),
                () -> audit.userChangeFailed(ctx, "session.revoke", username))).map(x -> Reply.noContent());
    }
}
