package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times and purposes that parse but make no sense are the client's mistake: every route that takes a time or a
 * purpose answers 400 naming the parameter, never 500, and nothing is logged as a playback or export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputBoundsTest {
    private static final String FAR = "%2B999999999-12-31T23:59:59Z";
    private static final String PURPOSE = "&purpose=Onderzoek%20incident";

    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http operator;
    private Http auditor;
    private Http admin;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        Http anonymous = new Http(gateway.baseUrl());
        Http integrator = Logins.user(anonymous, "inge", "integrator", List.of());
        assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("cam", "avg-building-security"))
                .statusCode());
        operator = Logins.user(anonymous, "olga", "operator", List.of("cam"));
        auditor = Logins.user(anonymous, "aart", "auditor", List.of());
        admin = Logins.admin(anonymous);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static void assertBadParameter(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = Http.json(r);
        assertEquals(field, body.path("field").asText(), r.body());
    }

    @Test
    void extremeYearsAreRefusedOnEveryRouteThatTakesATime() throws Exception {
        String cam = "/api/v1/cameras/cam";
        for (String path : List.of(cam + "/recordings?to=" + FAR, cam + "/timeline?to=" + FAR,
                cam + "/playback.m3u8?to=" + FAR + PURPOSE, cam + "/recordings?from=-999999999-01-01T00:00:00Z")) {
            assertBadParameter(operator.get(path), path.contains("from=") ? "from" : "to");
        }
        assertBadParameter(operator.post(cam + "/exports?from=2026-01-01T00:00:00Z&to=" + FAR + PURPOSE, ""), "to");
        for (String path : List.of("/api/v1/audit/entries?to=" + FAR, "/api/v1/audit/export?from=" + FAR,
                "/api/v1/audit/processing?to=" + FAR, "/api/v1/retention/purges?to=" + FAR)) {
            assertBadParameter(auditor.get(path), path.contains("from=") ? "from" : "to");
        }
        // Holds are set by police and admins (D85).
        assertBadParameter(admin.post(cam + "/holds", Map.of("from", "2026-01-01T00:00:00Z",
                "to", "+999999999-12-31T23:59:59Z", "reason", "vordering", "expiresAt", "2027-01-01T00:00:00Z")), "to");
    }

    @Test
    void aPurposeOfControlCharactersIsRefused() throws Exception {
        String cam = "/api/v1/cameras/cam";
        String range = "?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z";
        for (String purpose : List.of("%00%00%00", "%07%08%09", "Onderzoek%00incident", "Onderzoek%0Aincident")) {
            HttpResponse<String> playback = operator.get(cam + "/playback.m3u8" + range + "&purpose=" + purpose);
            assertBadParameter(playback, "purpose");
            assertBadParameter(operator.post(cam + "/exports" + range + "&purpose=" + purpose, ""), "purpose");
            assertBadParameter(operator.get(cam + "/live.m3u8?purpose=" + purpose), "purpose");
        }
        JsonNode entries = Http.json(auditor.get("/api/v1/audit/entries?camera=cam")).path("entries");
        for (JsonNode e : entries) {
            assertEquals("camera.create", e.path("action").asText(), "nothing was logged as access: " + entries);
        }
    }
}
