package nl.poortwachter.gateway.auth.routes;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Purpose;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.Principal;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ErrorReplies;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.RequestGuard;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.logging.Log;

/**
 * Authentication and authorisation of every routed request, from the route's {@link Access} declaration:
 * <ol>
 *   <li>cross-origin state changes are refused (an {@code Origin} header naming another site);</li>
 *   <li>public routes pass; all others need a live login session, from {@code Authorization: Bearer} or the
 * cookie;</li>
 *   <li>with the cookie, state-changing requests must carry {@code X-Requested-With: poortwachter} (CSRF: a
 *       cross-site form or image cannot set a custom header, and we answer no CORS preflight), and WebSocket
 *       upgrades must come from our own origin;</li>
 *   <li>{@link AccessPolicy} decides on role, camera grant and the legal regimes of the footage concerned (which
 *       {@link FootageRegimes} finds as the route declares); a refusal is written to the audit log before the 403
 *       goes out;</li>
 *   <li>routes that need a purpose get it from the {@code purpose} and {@code caseNumber} query parameters.</li>
 * </ol>
 * Everything here runs on the event loop; only the regime lookup (for playback and export) goes to a worker.
 */
public final class AuthGuard implements RequestGuard {
    public static final String COOKIE = "poortwachter_session";
    public static final String CSRF_HEADER = "X-Requested-With";
    public static final String CSRF_VALUE = "poortwachter";
    private static final Log LOG = Log.of(AuthGuard.class);

    private final Sessions sessions;
    private final UserStore users;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final FootageRegimes regimes;

    public AuthGuard(Sessions sessions, UserStore users, AccessPolicy policy, AuditLog audit, FootageRegimes regimes) {
        this.sessions = sessions;
        this.users = users;
        this.policy = policy;
        this.audit = audit;
        this.regimes = regimes;
    }

    @Override
    public Future<Reply> admit(Exchange ex, Router.Route route) {
        Access access = route.access();
        if (access.permission() == null) {
            LOG.error("route declares no access; refused", "route", route.pattern());
            return Future.succeededFuture(ErrorReplies.of(403, "forbidden", "this route is not available"));
        }
        boolean unsafe = isUnsafe(ex.method());
        String origin = ex.header("Origin");
        if (unsafe && origin != null && !sameOrigin(origin, ex.host())) {
            return Future.succeededFuture(ErrorReplies.of(403, "cross_origin",
                    "state-changing requests from another origin are refused"));
        }
        if (access.permission() == Permission.PUBLIC) {
            return Future.succeededFuture(null);
        }
        Optional<Principal> who = authenticate(ex);
        if (who.isEmpty()) {
            if (access.page()) {
                return Future.succeededFuture(new Reply(302, null, null, Map.of("Location", "/login")));
            }
            return Future.succeededFuture(ErrorReplies.of(401, "unauthenticated",
                    "log in first (POST /api/v1/auth/login or /api/v1/auth/token)")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"poortwachter\""));
        }
        Principal principal = who.get();
        ex.authenticated(principal);
        String cameraId = access.cameraParam() == null ? null : ex.pathParam(access.cameraParam());
        if (principal.viaCookie() && unsafe && !CSRF_VALUE.equals(ex.header(CSRF_HEADER))) {
            return deny(ex, access, cameraId, "csrf_header_missing", "requests with the login cookie that change"
                    + " something must carry the header " + CSRF_HEADER + ": " + CSRF_VALUE);
        }
        if (principal.viaCookie() && isWebSocketUpgrade(ex) && (origin == null || !sameOrigin(origin, ex.host()))) {
            return deny(ex, access, cameraId, "cross_origin_websocket", "WebSocket connections must come from this site");
        }
        Future<Collection<String>> regime = access.permission().needsRegime() && cameraId != null
                ? regimes.of(ex, access, cameraId) : Future.succeededFuture(List.of());
        return regime.compose(r -> {
            String denial = policy.denialByRegimes(principal.user(), access.permission(), cameraId, r);
            if (denial != null) {
                return deny(ex, access, cameraId, denial, switch (denial) {
                    case "password_change_required" -> "change your password first (POST /api/v1/auth/password)";
                    case "police_only_regime" -> "recordings of this camera's legal regime are for the police only";
                    case "no_grant" -> "this camera is not granted to you";
                    default -> "your role does not allow this";
                });
            }
            if (access.purposeRequired()) {
                String text = ex.query("purpose");
                String caseNumber = ex.query("caseNumber");
                String problem = Purpose.problem(text, caseNumber);
                if (problem != null) {
                    return Future.succeededFuture(ErrorReplies.of(400, "purpose_required", problem, "purpose"));
                }
                ex.statedPurpose(Purpose.of(text, caseNumber));
            }
            return Future.succeededFuture(null);
        });
    }

    /**
     * For connections that outlive their request (live view): whether the request's login session is still valid and
     * its user may still do this with the camera (grants and roles can change, login sessions end). In memory only.
     */
    public boolean stillAllowed(Exchange ex, Permission permission, String cameraId) {
        return authenticate(ex).map(p -> policy.denial(p.user(), permission, cameraId, null) == null).orElse(false);
    }

    /** The session of the request: a Bearer token wins over the cookie (an API client may carry both). */
    Optional<Principal> authenticate(Exchange ex) {
        String auth = ex.header("Authorization");
        String token;
        boolean viaCookie;
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).strip();
            viaCookie = false;
        } else {
            token = ex.cookie(COOKIE);
            viaCookie = true;
        }
        if (token == null) {
            return Optional.empty();
        }
        return sessions.lookup(token).flatMap(s -> users.byId(s.userId()).map(u -> new Principal(u, s.ref(), viaCookie)));
    }

    private Future<Reply> deny(Exchange ex, Access access, String cameraId, String reason, String message) {
        String action = access.action() == null ? ex.method().name() + " " + ex.path() : access.action();
        String code = reason.equals("password_change_required") ? reason
                : reason.startsWith("csrf") || reason.startsWith("cross") ? reason : "forbidden";
        Reply refusal = ErrorReplies.refused(403, code, message, reason);
        return Future.fromCompletionStage(audit.denied(ex.auditContext(), action, cameraId == null ? null : "camera",
                cameraId, reason)).map(e -> refusal);
    }

    static boolean isUnsafe(HttpMethod m) {
        return !(m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS));
    }

    private static boolean isWebSocketUpgrade(Exchange ex) {
        String upgrade = ex.header("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Whether {@code Origin: scheme://host[:port]} names the host the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI u = new URI(origin);
            if (u.getHost() == null) {
                return false;
            }
            String authority = u.getRawAuthority();
            int port = u.getPort();
            String defaultPort = "https".equals(u.getScheme()) ? ":443" : ":80";
            return authority.equalsIgnoreCase(host) || (port < 0 && (authority + defaultPort).equalsIgnoreCase(host))
                    || (host.endsWith(defaultPort) && authority.equalsIgnoreCase(host.substring(0, host.length() - defaultPort.length())));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
