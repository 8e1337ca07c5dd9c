package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Endpoint NOOP = ex -> Future.succeededFuture(Reply.noContent());

    private final Router router = new Router()
            .get("/api/v1/cameras", NOOP)
            .post("/api/v1/cameras", NOOP)
            .get("/api/v1/cameras/{id}", NOOP)
            .put("/api/v1/cameras/{id}", NOOP)
            .delete("/api/v1/cameras/{id}", NOOP)
            .post("/api/v1/cameras/{id}/probe", NOOP);

    @Test
    void matchesLiteralAndParameterRoutes() {
        Router.Found f = assertInstanceOf(Router.Found.class, router.match(HttpMethod.GET, "/api/v1/cameras"));
        assertEquals("/api/v1/cameras", f.route().pattern());
        Router.Found g = assertInstanceOf(Router.Found.class, router.match(HttpMethod.PUT, "/api/v1/cameras/markt"));
        assertEquals(Map.of("id", "markt"), g.params());
        Router.Found p = assertInstanceOf(Router.Found.class,
                router.match(HttpMethod.POST, "/api/v1/cameras/markt/probe"));
        assertEquals("/api/v1/cameras/{id}/probe", p.route().pattern());
    }

    @Test
    void headIsServedByGet() {
        assertInstanceOf(Router.Found.class, router.match(HttpMethod.HEAD, "/api/v1/cameras/x"));
    }

    @Test
    void unknownPathsAreNotFound() {
        for (String path : new String[] {"/", "", "/api", "/api/v1/cameras/", "/api/v1/cameras//probe",
                "/api/v1/cameras/x/probe/more", "/api/v1/../v1/cameras", "/API/v1/cameras", "api/v1/cameras"}) {
            assertInstanceOf(Router.NotFound.class, router.match(HttpMethod.GET, path), path);
        }
    }

    @Test
    void knownPathWithWrongMethodListsAllowedMethods() {
        Router.WrongMethod w = assertInstanceOf(Router.WrongMethod.class,
                router.match(HttpMethod.PATCH, "/api/v1/cameras/x"));
        assertEquals("DELETE, GET, HEAD, PUT", w.allowed());
        Router.WrongMethod probe = assertInstanceOf(Router.WrongMethod.class,
                router.match(HttpMethod.GET, "/api/v1/cameras/x/probe"));
        assertEquals("POST", probe.allowed());
    }
}
