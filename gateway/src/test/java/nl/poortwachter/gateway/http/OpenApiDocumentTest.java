package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.SchemaCheck;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API document as a client reads it: served at /api/v1/openapi.yaml, parsed by a real OpenAPI parser
 * (swagger-parser) without a single message, every route of the running gateway documented with its method and every
 * documented operation routed, and the answers of a sample of real calls (every role, successes and errors) matching
 * the documented status and schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http anonymous;
    private OpenAPI api;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        anonymous = new Http(gateway.baseUrl());
        HttpResponse<String> doc = Logins.admin(anonymous).get(ApiDocs.PATH);
        assertEquals(200, doc.statusCode());
        assertEquals("application/yaml", doc.headers().firstValue("Content-Type").orElse(null));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(doc.body(), null, options);
        assertEquals(List.of(), parsed.getMessages(), "the parser's complaints about openapi.yaml");
        api = parsed.getOpenAPI();
        assertNotNull(api);
        assertEquals("3.0.3", api.getOpenapi());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The API's routes: everything but the browser pages and their files. */
    private Set<String> routed() {
        Set<String> out = new TreeSet<>();
        for (Router.Route r : gateway.routes()) {
            String p = r.pattern();
            if (p.startsWith("/api/") || p.equals("/health") || p.equals("/metrics")) {
                out.add(r.method().name() + " " + p);
            }
        }
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationRouted() {
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> documented.add(method.name() + " " + path)));
        Set<String> routed = routed();
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routed);
        assertEquals(Set.of(), undocumented, "routes without a description in openapi.yaml");
        assertEquals(Set.of(), unrouted, "described operations the gateway does not have");
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            assertNotNull(op.getOperationId(), method + " " + path + " has an operationId");
            assertTrue(op.getResponses() != null && !op.getResponses().isEmpty(), method + " " + path + " has responses");
        }));
    }

    private record Call(Http as, String method, String path, Object body) {
    }

    @Test
    void answersOfRealCallsMatchTheirDocumentedSchemas() throws Exception {
        Http admin = Logins.admin(anonymous);
        Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
        Http auditor = Logins.user(anonymous, "audrey", "auditor", List.of());
        Http operator = Logins.user(anonymous, "olga", "operator", List.of("doc-1"));
        Map<String, Object> camera = Map.of("id", "doc-1", "name", "Documentatie", "url", "rtsp://127.0.0.1:9/doc",
                "vendor", "Axis", "location", "Hal", "purpose", "Toegang", "legalRegime", "avg-building-security",
                "recording", false);
        List<Call> calls = List.of(
                new Call(anonymous, "GET", "/health", null),
                new Call(anonymous, "GET", "/api/v1/setup", null),
                new Call(anonymous, "POST", "/api/v1/setup", Map.of("code", "x", "adminPassword", "Nieuw-Wachtwoord-12")),
                new Call(anonymous, "POST", "/api/v1/auth/token", Map.of("username", "nobody", "password", "not-the-one")),
                new Call(anonymous, "GET", "/api/v1/cameras", null),
                new Call(integrator, "POST", "/api/v1/cameras", camera),
                new Call(integrator, "POST", "/api/v1/cameras", Map.of("name", "x", "url", "file:/etc/passwd",
                        "legalRegime", "avg-building-security")),
                new Call(integrator, "POST", "/api/v1/cameras", camera),
                new Call(integrator, "GET", "/api/v1/cameras", null),
                new Call(integrator, "GET", "/api/v1/cameras/doc-1", null),
                new Call(integrator, "GET", "/api/v1/cameras/none-such", null),
                new Call(integrator, "PUT", "/api/v1/cameras/doc-1", camera),
                new Call(integrator, "POST", "/api/v1/cameras/doc-1/probe", ""),
                new Call(integrator, "POST", "/api/v1/cameras/probe", Map.of("url", "rtsp://127.0.0.1:9/nothing")),
                new Call(integrator, "GET", "/api/v1/cameras/doc-1/picture", null),
                new Call(integrator, "GET", "/api/v1/cameras/doc-1/recordings", null),
                new Call(integrator, "GET", "/api/v1/regimes", null),
                new Call(integrator, "GET", "/api/v1/status", null),
                new Call(integrator, "GET", "/api/v1/auth/me", null),
                new Call(admin, "POST", "/api/v1/cameras", camera),
                new Call(admin, "GET", "/api/v1/users", null),
                new Call(admin, "POST", "/api/v1/users", Map.of("username", "nieuw", "role", "operator")),
                new Call(admin, "POST", "/api/v1/users", Map.of("username", "nieuw", "role", "operator")),
                new Call(admin, "GET", "/api/v1/users/nieuw", null),
                new Call(admin, "PUT", "/api/v1/users/nieuw/grants", Map.of("cameras", List.of("doc-1"))),
                new Call(admin, "POST", "/api/v1/users/nieuw/password", Map.of()),
                new Call(admin, "GET", "/api/v1/sessions", null),
                new Call(admin, "PUT", "/api/v1/groups/centrum", Map.of("name", "Centrum", "cameras", List.of("doc-1"))),
                new Call(admin, "GET", "/api/v1/groups", null),
                new Call(admin, "DELETE", "/api/v1/groups/none-such", null),
                new Call(admin, "DELETE", "/api/v1/sessions/000000000000", null),
                new Call(admin, "PUT", "/api/v1/cameras/doc-1/policy-override", Map.of("reason", "Besluit CISO 2026-1")),
                new Call(admin, "DELETE", "/api/v1/cameras/doc-1/policy-override", null),
                new Call(operator, "GET", "/api/v1/cameras", null),
                new Call(operator, "GET", "/api/v1/cameras/doc-1/timeline", null),
                new Call(auditor, "GET", "/api/v1/audit/entries?limit=5", null),
                new Call(auditor, "GET", "/api/v1/audit/checkpoints", null),
                new Call(auditor, "POST", "/api/v1/audit/verify", null),
                new Call(auditor, "GET", "/api/v1/audit/processing", null),
                new Call(auditor, "GET", "/api/v1/retention/purges", null));
        List<String> problems = new ArrayList<>();
        for (Call c : calls) {
            HttpResponse<String> r = send(c);
            problems.addAll(matches(c, r));
        }
        assertEquals(List.of(), problems, "answers that differ from openapi.yaml");
    }

    private static HttpResponse<String> send(Call c) throws Exception {
        HttpRequest.Builder b = c.as().request(c.path());
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body() instanceof String s ? s : Http.JSON.writeValueAsString(c.body()));
        if (c.body() != null && !(c.body() instanceof String)) {
            b.header("Content-Type", "application/json");
        }
        return c.as().send(b.method(c.method(), body));
    }

    private List<String> matches(Call c, HttpResponse<String> r) throws Exception {
        String path = c.path().contains("?") ? c.path().substring(0, c.path().indexOf('?')) : c.path();
        Router.Route route = null;
        for (Router.Route candidate : gateway.routes()) {
            if (candidate.method().name().equals(c.method())
                    && path.matches(candidate.pattern().replaceAll("\\{[a-z]+}", "[^/]+").replace(".", "\\."))) {
                route = candidate;
                break;
            }
        }
        String what = c.method() + " " + c.path() + " -> " + r.statusCode();
        if (route == null) {
            return List.of(what + ": no route");
        }
        PathItem item = api.getPaths().get(route.pattern());
        Operation op = item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(c.method()));
        if (op == null) {
            return List.of(what + ": not documented");
        }
        ApiResponse response = op.getResponses().get(Integer.toString(r.statusCode()));
        if (response == null) {
            response = op.getResponses().get("default");
        }
        if (response == null) {
            return List.of(what + ": status not documented (documented: " + op.getResponses().keySet() + ")");
        }
        if (response.get$ref() != null) {
            response = api.getComponents().getResponses().get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
        }
        String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (r.body().isEmpty() && (response.getContent() == null || response.getContent().isEmpty())) {
            return List.of();
        }
        MediaType media = response.getContent() == null ? null : response.getContent().get(type);
        if (media == null) {
            return List.of(what + ": content type " + type + " not documented");
        }
        if (!type.equals("application/json") || media.getSchema() == null) {
            return List.of();
        }
        JsonNode json = Http.JSON.readTree(r.body());
        return new SchemaCheck(api).check(media.getSchema(), json).stream().map(p -> what + ": " + p).toList();
    }
}
