package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the running gateway × every role: what the role may do succeeds (is not 401/403; a route given
 * a junk body may still say 400 or 404), everything else is 403 and shows up in the audit log as denied.
 * The expectations below are written out here, independently of AccessPolicy, from the role list.
 *
 * <p>Cameras: {@code cam-a} (gemeentewet-151c) and {@code cam-b} (building security) are granted to the operator
 * and the police user; {@code cam-c} is granted to nobody.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    private static final List<String> ROLES = List.of("operator", "police", "integrator", "auditor", "admin");
    private static final Map<String, String> REGIME = Map.of("cam-a", "gemeentewet-151c",
            "cam-b", "avg-building-security", "cam-c", "avg-building-security");

    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http anonymous;
    private final Map<String, Http> as = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        anonymous = new Http(gateway.baseUrl());
        for (String role : ROLES) {
            List<String> grants = role.equals("operator") || role.equals("police") ? List.of("cam-a", "cam-b") : List.of();
            as.put(role, Logins.user(anonymous, "u-" + role, role, grants));
        }
        for (String cam : REGIME.keySet()) {
            HttpResponse<String> r = as.get("integrator").post("/api/v1/cameras", TestGateway.camera(cam, REGIME.get(cam)));
            assertEquals(201, r.statusCode(), r.body());
        }
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Who may, per permission, on a camera granted to operator and police (cam-a is 151c). */
    private static boolean expected(Permission p, String role, String camera) {
        boolean granted = camera == null || camera.equals("cam-a") || camera.equals("cam-b");
        boolean viewer = role.equals("operator") || role.equals("police");
        return switch (p) {
            case PUBLIC, SELF, AUTHENTICATED -> true;
            case CAMERA_VIEW -> role.equals("integrator") || role.equals("admin") || (viewer && granted);
            case RECORDINGS_INDEX, LIVE -> role.equals("integrator") || (viewer && granted);
            case PLAYBACK, EXPORT -> viewer && granted && (role.equals("police") || !"cam-a".equals(camera));
            case EXPORT_RECORDS -> role.equals("auditor") || (viewer && granted && (role.equals("police") || !"cam-a".equals(camera)));
            case CAMERA_ADMIN -> role.equals("integrator");
            case AUDIT_READ -> role.equals("auditor");
            case USER_ADMIN, POLICY_ADMIN -> role.equals("admin");
            case METRICS -> role.equals("admin") || role.equals("integrator");
        };
    }

    private record Call(String role, String method, String path, String action, String camera) {
    }

    @Test
    void everyRouteTimesEveryRole() throws Exception {
        Map<Permission, Integer> covered = new EnumMap<>(Permission.class);
        List<Call> denied = new ArrayList<>();
        int calls = 0;
        for (Router.Route route : gateway.routes()) {
            Permission p = route.access().permission();
            covered.merge(p, 1, Integer::sum);
            if (p == Permission.PUBLIC || route.pattern().equals("/api/v1/auth/logout")) {
                continue; // public: nothing to refuse; logout: would end the session the matrix runs on (AuthAuditTest)
            }
            List<String> cameras = route.access().cameraParam() == null ? java.util.Collections.singletonList(null)
                    : List.of("cam-a", "cam-b", "cam-c");
            for (String camera : cameras) {
                for (String role : ROLES) {
                    boolean allowed = expected(p, role, camera);
                    String path = fill(route.pattern(), camera, allowed && route.method().name().equals("DELETE"));
                    HttpResponse<String> r = call(as.get(role), route.method().name(), path);
                    calls++;
                    String what = role + " " + route.method() + " " + path + " (" + p + ") -> " + r.statusCode() + " " + r.body();
                    assertFalse(r.statusCode() == 401, what);
                    if (allowed) {
                        assertFalse(r.statusCode() == 403, "should be allowed: " + what);
                    } else {
                        assertEquals(403, r.statusCode(), "should be refused: " + what);
                        denied.add(new Call(role, route.method().name(), path, route.access().action(), camera));
                    }
                }
            }
        }
        assertTrue(calls > 100, "calls: " + calls);
        assertTrue(denied.size() > 50, "denials: " + denied.size());
        for (Permission p : List.of(Permission.CAMERA_VIEW, Permission.CAMERA_ADMIN, Permission.RECORDINGS_INDEX,
                Permission.AUDIT_READ, Permission.USER_ADMIN, Permission.POLICY_ADMIN, Permission.METRICS,
                Permission.SELF, Permission.AUTHENTICATED, Permission.PUBLIC)) {
            assertTrue(covered.containsKey(p), "no route needs " + p + ": " + covered);
        }

        // Every refusal is in the audit log: actor, action, camera, result denied.
        Set<String> logged = new HashSet<>();
        String next = null;
        do {
            HttpResponse<String> page = as.get("auditor").get("/api/v1/audit/entries?result=denied&limit=1000"
                    + (next == null ? "" : "&before=" + next));
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = Http.json(page);
            for (JsonNode e : body.path("entries")) {
                logged.add(e.path("actorName").asText() + " " + e.path("action").asText() + " "
                        + e.path("objectId").asText(""));
            }
            next = body.path("next").isNumber() ? body.path("next").asText() : null;
        } while (next != null);
        for (Call c : denied) {
            String key = "u-" + c.role() + " " + c.action() + " " + (c.camera() == null ? "" : c.camera());
            assertTrue(logged.contains(key), "refusal not in the audit log: " + c);
        }
    }

    @Test
    void withoutLoginEverythingButThePublicRoutesIs401() throws Exception {
        for (Router.Route route : gateway.routes()) {
            String path = fill(route.pattern(), "cam-a", false);
            HttpResponse<String> r = call(anonymous, route.method().name(), path);
            if (route.access().permission() == Permission.PUBLIC) {
                assertTrue(r.statusCode() != 401 && r.statusCode() != 403, path + " -> " + r.statusCode());
            } else if (route.access().page()) {
                assertEquals(302, r.statusCode(), path);
                assertEquals("/login", r.headers().firstValue("Location").orElse(null));
            } else {
                assertEquals(401, r.statusCode(), route.method() + " " + path + ": " + r.body());
            }
        }
        Set<String> publicRoutes = new HashSet<>();
        for (Router.Route route : gateway.routes()) {
            if (route.access().permission() == Permission.PUBLIC) {
                publicRoutes.add(route.method() + " " + route.pattern());
            }
        }
        assertTrue(publicRoutes.containsAll(Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/token",
                "GET /health", "GET /login", "GET /ui/{file}")), publicRoutes.toString());
        for (String r : publicRoutes) {
            assertTrue(r.contains("/auth/login") || r.contains("/auth/token") || r.equals("GET /health")
                    || r.equals("GET /login") || r.startsWith("GET /ui/") || r.startsWith("GET /playback/assets/"),
                    "unexpected public route " + r);
        }
    }

    /** Path parameters: the camera; for allowed deletes a name that does not exist, so the matrix changes nothing. */
    private static String fill(String pattern, String camera, boolean harmless) {
        String path = pattern.replace("{id}", harmless ? "ghost" : camera == null ? "cam-a" : camera);
        path = path.replace("{name}", "ghost").replaceAll("\\{[a-z]+}", "x");
        return path + (path.contains("?") ? "&" : "?") + "purpose=Onderzoek%20incident&caseNumber=2026-17";
    }

    private static HttpResponse<String> call(Http http, String method, String path) throws Exception {
        HttpRequest.Builder b = http.request(path);
        return switch (method) {
            case "GET" -> http.send(b.GET());
            case "DELETE" -> http.send(b.DELETE());
            default -> http.send(b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
        };
    }
}
