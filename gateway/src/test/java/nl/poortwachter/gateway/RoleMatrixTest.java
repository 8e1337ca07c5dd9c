package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Every route of the running gateway × every role × own/other camera answers exactly the status in {@link #MATRIX}:
 * a route that starts answering 500, or 200 where it said 403, or 403 where the role may, fails. Every 403 shows up
 * in the audit log as denied. The expectations are written out here, independently of AccessPolicy.
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

    /**
     * The exact answer of every route for every role: one column per role; for routes about a camera three
     * statuses, for cam-a (151c, granted) / cam-b (granted) / cam-c (not granted). Written out from the issue's role
     * list and the guides, not from AccessPolicy. An allowed call carries a junk body ({@code {}}), a purpose,
     * and {@code x} for ids, so many allowed answers are 400 or 404; DELETE of a camera or user names one that does
     * not exist ({@code ghost}) where the call is allowed, so the matrix changes nothing.
     */
    private static final String MATRIX = """
            # method path                                            operator      police        integrator    auditor       admin
            GET    /api/v1/auth/me                                   200           200           200           200           200
            POST   /api/v1/auth/password                             400           400           400           400           400
            GET    /api/v1/auth/me/preferences                       200           200           200           200           200
            PUT    /api/v1/auth/me/preferences                       200           200           200           200           200
            GET    /api/v1/users                                     403           403           403           403           200
            POST   /api/v1/users                                     403           403           403           403           400
            GET    /api/v1/users/{name}                              403           403           403           403           404
            PUT    /api/v1/users/{name}                              403           403           403           403           404
            DELETE /api/v1/users/{name}                              403           403           403           403           404
            PUT    /api/v1/users/{name}/grants                       403           403           403           403           404
            POST   /api/v1/users/{name}/password                     403           403           403           403           404
            GET    /api/v1/audit/entries                             403           403           403           200           403
            GET    /api/v1/audit/export                              403           403           403           200           403
            POST   /api/v1/audit/verify                              403           403           403           200           403
            GET    /api/v1/audit/checkpoints                         403           403           403           200           403
            GET    /api/v1/audit/public-key                          403           403           403           200           403
            GET    /api/v1/audit/processing                          403           403           403           200           403
            GET    /api/v1/audit/processing/export                   403           403           403           200           403
            GET    /api/v1/audit/signing-key                         403           403           403           200           403
            POST   /api/v1/audit/alarm/acknowledge                   403           403           403           403           400
            GET    /api/v1/cameras                                   200           200           200           403           200
            POST   /api/v1/cameras                                   403           403           400           403           403
            GET    /api/v1/cameras/{id}                              200/200/403   200/200/403   200/200/200   403/403/403   200/200/200
            PUT    /api/v1/cameras/{id}                              403/403/403   403/403/403   400/400/400   403/403/403   403/403/403
            DELETE /api/v1/cameras/{id}                              403/403/403   403/403/403   404/404/404   403/403/403   403/403/403
            POST   /api/v1/cameras/{id}/probe                        403/403/403   403/403/403   200/200/200   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/recordings                   200/200/403   200/200/403   200/200/200   403/403/403   200/200/200
            PUT    /api/v1/cameras/{id}/policy-override              403/403/403   403/403/403   403/403/403   403/403/403   400/400/400
            DELETE /api/v1/cameras/{id}/policy-override              403/403/403   403/403/403   403/403/403   403/403/403   404/404/404
            PUT    /api/v1/cameras/{id}/legal-regime                 403/403/403   403/403/403   403/403/403   403/403/403   400/400/400
            GET    /health                                           200           200           200           200           200
            GET    /metrics                                          403           403           200           403           200
            GET    /api/v1/capacity                                  403           403           200           403           200
            GET    /api/v1/openapi.yaml                              200           200           200           200           200
            GET    /api/v1/cameras/{id}/timeline                     200/200/403   200/200/403   200/200/200   403/403/403   200/200/200
            GET    /api/v1/cameras/{id}/playback.m3u8                403/404/403   404/404/403   403/403/403   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/media/{file}                 403/404/403   404/404/403   403/403/403   403/403/403   403/403/403
            POST   /api/v1/cameras/{id}/exports                      403/400/403   400/400/403   403/403/403   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/exports                      403/200/403   200/200/403   403/403/403   200/200/200   403/403/403
            GET    /api/v1/cameras/{id}/exports/{export}             403/404/403   404/404/403   403/403/403   404/404/404   403/403/403
            GET    /api/v1/cameras/{id}/exports/{export}/file        403/404/403   404/404/403   403/403/403   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/exports/{export}/manifest    403/404/403   404/404/403   403/403/403   404/404/404   403/403/403
            GET    /api/v1/cameras/{id}/exports/{export}/verify      403/404/403   404/404/403   403/403/403   404/404/404   403/403/403
            GET    /api/v1/exports/public-key                        200           200           200           200           200
            GET    /api/v1/cameras/{id}/holds                        200/200/403   200/200/403   200/200/200   403/403/403   200/200/200
            POST   /api/v1/cameras/{id}/holds                        403/403/403   400/400/403   403/403/403   403/403/403   400/400/400
            POST   /api/v1/cameras/{id}/holds/{hold}/release         403/403/403   404/404/403   403/403/403   403/403/403   404/404/404
            GET    /api/v1/retention/purges                          403           403           403           200           403
            POST   /api/v1/retention/purge                           403           403           403           403           200
            GET    /playback                                         200           200           200           200           200
            GET    /api/v1/live/options                              200           200           200           403           403
            GET    /api/v1/cameras/{id}/live                         400/400/403   400/400/403   400/400/400   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/live.m3u8                    503/503/403   503/503/403   503/503/503   403/403/403   403/403/403
            GET    /api/v1/cameras/{id}/live/{file}                  404/404/403   404/404/403   404/404/404   403/403/403   403/403/403
            GET    /api/v1/register/entries                          403           403           200           200           200
            POST   /api/v1/register/entries                          403           403           400           403           400
            GET    /api/v1/register/entries/{entry}                  403           403           404           404           404
            PUT    /api/v1/register/entries/{entry}                  403           403           404           403           404
            DELETE /api/v1/register/entries/{entry}                  403           403           404           403           404
            POST   /api/v1/register/entries/{entry}/connect          403           403           404           403           403
            GET    /api/v1/register/export                           403           403           200           200           200
            GET    /api/v1/register/overview                         403           403           200           200           200
            POST   /api/v1/register/import/dry-run                   403           403           415           403           415
            POST   /api/v1/register/import/apply                     403           403           400           403           400
            POST   /api/v1/onvif/discover                            403           403           400           403           403
            POST   /api/v1/onvif/inspect                             403           403           400           403           403
            POST   /api/v1/onvif/add                                 403           403           400           403           403
            GET    /register                                         200           200           200           200           200
            GET    /register/import                                  200           200           200           200           200
            GET    /register/overview                                200           200           200           200           200
            GET    /onvif                                            200           200           200           200           200
            GET    /                                                 200           200           200           200           200
            GET    /live                                             200           200           200           200           200
            GET    /camera                                           200           200           200           200           200
            GET    /audit                                            200           200           200           200           200
            GET    /cameras                                          200           200           200           200           200
            GET    /admin                                            200           200           200           200           200
            GET    /status                                           200           200           200           200           200
            POST   /api/v1/cameras/probe                             403           403           400           403           403
            GET    /api/v1/cameras/{id}/picture                      403/403/403   403/403/403   409/409/409   403/403/403   403/403/403
            GET    /api/v1/regimes                                   200           200           200           200           200
            GET    /api/v1/sessions                                  403           403           403           403           200
            DELETE /api/v1/sessions/{ref}                            403           403           403           403           404
            GET    /api/v1/status                                    403           403           200           403           200
            GET    /api/v1/groups                                    403           403           403           403           200
            PUT    /api/v1/groups/{group}                            403           403           403           403           400
            DELETE /api/v1/groups/{group}                            403           403           403           403           404
            """;

    private record Expected(String method, String pattern, Map<String, List<Integer>> byRole) {
    }

    private static Map<String, Expected> matrix() {
        Map<String, Expected> rows = new LinkedHashMap<>();
        for (String line : MATRIX.strip().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.strip().split("\\s+");
            assertEquals(2 + ROLES.size(), cells.length, "matrix row: " + line);
            Map<String, List<Integer>> byRole = new LinkedHashMap<>();
            for (int i = 0; i < ROLES.size(); i++) {
                byRole.put(ROLES.get(i), java.util.Arrays.stream(cells[2 + i].split("/")).map(Integer::valueOf).toList());
            }
            assertTrue(rows.put(cells[0] + " " + cells[1], new Expected(cells[0], cells[1], byRole)) == null, line);
        }
        return rows;
    }

    private record Call(String role, String method, String path, String action, String camera) {
    }

    @Test
    void everyRouteTimesEveryRoleGivesExactlyTheExpectedStatus() throws Exception {
        Map<String, Expected> matrix = matrix();
        Set<String> routes = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        List<Call> denied = new ArrayList<>();
        int calls = 0;
        for (Router.Route route : gateway.routes()) {
            String key = route.method().name() + " " + route.pattern();
            routes.add(key);
            if (route.access().permission() == Permission.PUBLIC || route.pattern().equals("/api/v1/auth/logout")) {
                continue; // public: nothing to refuse; logout: would end the session the matrix runs on (AuthAuditTest)
            }
            Expected row = matrix.get(key);
            if (row == null) {
                wrong.add("no row in the matrix for " + key);
                continue;
            }
            List<String> cameras = route.access().cameraParam() == null ? java.util.Collections.singletonList(null)
                    : List.of("cam-a", "cam-b", "cam-c");
            for (String role : ROLES) {
                List<Integer> statuses = row.byRole().get(role);
                assertEquals(cameras.size(), statuses.size(), "statuses per camera in the row of " + key);
                for (int i = 0; i < cameras.size(); i++) {
                    String camera = cameras.get(i);
                    int expected = statuses.get(i);
                    String path = fill(route.pattern(), camera, expected != 403 && route.method().name().equals("DELETE"));
                    HttpResponse<String> r = call(as.get(role), route.method().name(), path);
                    calls++;
                    if (r.statusCode() != expected) {
                        wrong.add(role + " " + route.method() + " " + path + ": expected " + expected + ", got "
                                + r.statusCode() + " " + r.body());
                    }
                    if (r.statusCode() == 403) {
                        denied.add(new Call(role, route.method().name(), path, route.access().action(), camera));
                    }
                }
            }
        }
        for (String key : matrix.keySet()) {
            if (!routes.contains(key)) {
                wrong.add("the matrix has a row for a route that does not exist: " + key);
            }
        }
        assertEquals(List.of(), wrong, "answers that differ from the matrix");
        assertTrue(calls > 300, "calls: " + calls);
        assertTrue(denied.size() > 150, "denials: " + denied.size());

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
                "GET /health", "GET /login", "GET /ui/{file}", "GET /setup", "GET /api/v1/setup", "POST /api/v1/setup")),
                publicRoutes.toString());
        for (String r : publicRoutes) {
            assertTrue(r.contains("/auth/login") || r.contains("/auth/token") || r.equals("GET /health")
                    || r.equals("GET /login") || r.startsWith("GET /ui/") || r.startsWith("GET /playback/assets/")
                    || r.equals("GET /register/public") || r.equals("GET /api/v1/public/cameras")
                    || r.equals("GET /setup") || r.endsWith(" /api/v1/setup"),
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
