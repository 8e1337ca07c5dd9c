package nl.poortwachter.gateway.auth.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's page settings through the API: kept per user and across a restart, replaced as a whole, checked
 * (layouts 1/4/9/16, distinct camera ids, no unknown settings) with nothing stored on a refusal, and gone with
 * the user.
 */
class PreferenceRoutesTest {
    private static final String PATH = "/api/v1/auth/me/preferences";

    @TempDir
    Path tmp;

    @Test
    void keptPerUserAcrossARestartCheckedAndRemovedWithTheUser() throws Exception {
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http http = new Http(gateway.baseUrl());
            Http olga = Logins.user(http, "olga", "operator", List.of("a", "b"));
            Http piet = Logins.user(http, "piet", "police", List.of("a"));
            assertEquals("{}", olga.get(PATH).body(), "nothing chosen yet: the page's defaults");

            HttpResponse<String> put = olga.put(PATH, Map.of("liveLayout", 9, "liveCameras", List.of("b", "a")));
            assertEquals(200, put.statusCode(), put.body());
            JsonNode mine = Http.json(olga.get(PATH));
            assertEquals(9, mine.path("liveLayout").asInt());
            assertEquals("[\"b\",\"a\"]", mine.path("liveCameras").toString(), "the order is the tiles' order");
            assertEquals("{}", piet.get(PATH).body(), "another user's settings are their own");

            refused(olga, Map.of("liveLayout", 6), "liveLayout");
            refused(olga, Map.of("liveCameras", List.of("a", "a")), "liveCameras");
            refused(olga, Map.of("liveCameras", List.of("../x")), "liveCameras");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 257; i++) {
                many.add("c" + i);
            }
            refused(olga, Map.of("liveCameras", many), "liveCameras");
            HttpResponse<String> unknown = olga.put(PATH, Map.of("theme", "dark"));
            assertEquals(400, unknown.statusCode(), unknown.body());
            assertEquals("unknown_field", Http.json(unknown).path("error").asText());
            assertEquals(9, Http.json(olga.get(PATH)).path("liveLayout").asInt(), "a refused change stores nothing");

            // A PUT replaces the whole set: what is left out returns to the default.
            assertEquals(200, olga.put(PATH, Map.of("liveLayout", 16)).statusCode());
            assertEquals("{\"liveLayout\":16}", olga.get(PATH).body());
        }
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            Http http = new Http(gateway.baseUrl());
            Http olga = http.as(Logins.token(http, "olga", Logins.password("olga")));
            assertEquals("{\"liveLayout\":16}", olga.get(PATH).body(), "kept across a restart");

            Http admin = Logins.admin(http);
            assertEquals(204, admin.delete("/api/v1/users/olga").statusCode());
            Http again = Logins.user(http, "olga", "operator", List.of("a"));
            assertEquals("{}", again.get(PATH).body(), "the new user of that name starts afresh");
        }
        // Only olga ever stored settings: with her account, her row left the database too.
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("storage/auth.db"));
             var rs = db.createStatement().executeQuery("SELECT count(*) FROM user_preference")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "a removed user's settings went with them");
        }
    }

    private static void refused(Http user, Object body, String field) throws Exception {
        HttpResponse<String> r = user.put(PATH, body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Http.json(r);
        assertEquals("invalid_field", error.path("error").asText());
        assertEquals(field, error.path("field").asText());
        assertTrue(error.path("message").asText().length() > 5);
    }
}
