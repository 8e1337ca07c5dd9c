package nl.poortwachter.gateway.http;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method + path-pattern routing, e.g. {@code GET /api/v1/cameras/{id}}. The owner chose Vert.x core without
 * vertx-web. The routes are many (66 API operations when this was written, every one in {@code openapi.yaml}, which
 * {@code OpenApiDocumentTest} holds to {@code Gateway.routes()}, plus the pages and their files), but routing them
 * needs no more than this one screen: exact segments and {@code {name}} parameters.
 *
 * <p>Matching is exact per segment: no trailing-slash folding, no {@code ..} resolution, no percent-decoding
 * (identifiers are plain ASCII), so one URL names one resource and nothing reaches a handler by a detour.
 * A path that exists with another method answers 405 with an Allow header; HEAD is served by GET routes.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public record Route(HttpMethod method, String pattern, String[] segments, Access access, Endpoint endpoint) {
    }

    public sealed interface Match permits Found, WrongMethod, NotFound {
    }

    public record Found(Route route, Map<String, String> params) implements Match {
    }

    /** The path exists, the method does not; {@code allowed} is the Allow header value. */
    public record WrongMethod(String allowed) implements Match {
    }

    public record NotFound() implements Match {
    }

    public Router route(HttpMethod method, String pattern, Access access, Endpoint endpoint) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with '/': " + pattern);
        }
        String[] segments = pattern.substring(1).split("/", -1);
        if (access.cameraParam() != null && !java.util.Arrays.asList(segments).contains("{" + access.cameraParam() + "}")) {
            throw new IllegalArgumentException(pattern + " has no path parameter " + access.cameraParam());
        }
        routes.add(new Route(method, pattern, segments, access, endpoint));
        return this;
    }

    /** Every route with its declared access, for the start-up check and the role-matrix test. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Router get(String pattern, Access access, Endpoint e) {
        return route(HttpMethod.GET, pattern, access, e);
    }

    public Router post(String pattern, Access access, Endpoint e) {
        return route(HttpMethod.POST, pattern, access, e);
    }

    public Router put(String pattern, Access access, Endpoint e) {
        return route(HttpMethod.PUT, pattern, access, e);
    }

    public Router delete(String pattern, Access access, Endpoint e) {
        return route(HttpMethod.DELETE, pattern, access, e);
    }

    // Without a declaration: for tests of the HTTP layer. The gateway's guard refuses such routes to everyone.

    public Router get(String pattern, Endpoint e) {
        return get(pattern, Access.UNDECLARED, e);
    }

    public Router post(String pattern, Endpoint e) {
        return post(pattern, Access.UNDECLARED, e);
    }

    public Router put(String pattern, Endpoint e) {
        return put(pattern, Access.UNDECLARED, e);
    }

    public Router delete(String pattern, Endpoint e) {
        return delete(pattern, Access.UNDECLARED, e);
    }

    public Match match(HttpMethod method, String path) {
        if (path == null || !path.startsWith("/")) {
            return new NotFound();
        }
        String[] segments = path.substring(1).split("/", -1);
        HttpMethod wanted = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        Set<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = matchPath(r.segments(), segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(wanted)) {
                return new Found(r, params);
            }
            allowed.add(r.method().name());
            if (r.method().equals(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD.name());
            }
        }
        if (allowed.isEmpty()) {
            return new NotFound();
        }
        return new WrongMethod(String.join(", ", allowed));
    }

    private static Map<String, String> matchPath(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
