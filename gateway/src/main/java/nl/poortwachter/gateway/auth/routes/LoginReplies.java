package nl.poortwachter.gateway.auth.routes;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.User;

/** What a login answers, wherever the login happens (the login endpoints, the first-run setup): one shape. */
final class LoginReplies {
    private LoginReplies() {
    }

    /** The session cookie: HttpOnly (scripts never see the token), SameSite=Strict, for the whole site. */
    static String cookie(String token, long maxAgeSeconds, boolean secure) {
        return AuthGuard.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }

    /** The user as {@code GET /api/v1/auth/me} shows them: name, role, grants, and what the role may do. */
    static Map<String, Object> describe(User u, AccessPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", u.username());
        body.put("role", u.role().id());
        body.put("mustChangePassword", u.mustChangePassword());
        body.put("grants", u.grants().stream().sorted().toList());
        List<String> may = EnumSet.allOf(Permission.class).stream()
                .filter(perm -> perm != Permission.PUBLIC && perm != Permission.SELF)
                .filter(perm -> policy.denial(u, perm, perm.perCamera() ? User.ALL_CAMERAS : null, null) == null
                        || (perm.perCamera() && !u.grants().isEmpty()
                        && policy.denial(u, perm, u.grants().iterator().next(), null) == null))
                .map(perm -> perm.name().toLowerCase(java.util.Locale.ROOT)).toList();
        body.put("permissions", may);
        return body;
    }
}
