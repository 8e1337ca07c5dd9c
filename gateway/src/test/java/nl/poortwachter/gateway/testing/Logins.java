package nl.poortwachter.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.poortwachter.gateway.config.AuthSettings;

/**
 * Logging in from tests: the gateway under test bootstraps its admin from {@link #ENV}; users of other roles are
 * created through the API, and change their initial password as real users must.
 */
public final class Logins {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "Test-Beheer-Wachtwoord-42";
    /** Environment for ConfigLoader: the bootstrap admin password and nothing else. */
    public static final Function<String, String> ENV =
            k -> k.equals(AuthSettings.ADMIN_PASSWORD_ENV) ? ADMIN_PASSWORD : null;
    /** Test YAML: cheap password hashing, so that dozens of logins take milliseconds. */
    public static final String FAST_AUTH = "auth:\n  passwordHashIterations: 10000\n";

    private Logins() {
    }

    public static String token(Http http, String user, String password) throws Exception {
        HttpResponse<String> r = http.post("/api/v1/auth/token", Map.of("username", user, "password", password));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).path("token").asText();
    }

    public static Http admin(Http http) throws Exception {
        return http.as(token(http, ADMIN, ADMIN_PASSWORD));
    }

    /** Creates a user with this role and grants, changes its initial password, and returns a client logged in as it. */
    public static Http user(Http http, String name, String role, List<String> grants) throws Exception {
        Http admin = admin(http);
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("username", name);
        body.put("role", role);
        body.put("password", initial(name));
        body.putPOJO("grants", grants);
        HttpResponse<String> created = admin.post("/api/v1/users", body);
        assertEquals(201, created.statusCode(), created.body());
        Http first = http.as(token(http, name, initial(name)));
        HttpResponse<String> changed = first.post("/api/v1/auth/password",
                Map.of("currentPassword", initial(name), "newPassword", password(name)));
        assertEquals(204, changed.statusCode(), changed.body());
        return http.as(token(http, name, password(name)));
    }

    public static String password(String name) {
        return "Gekozen-Wachtwoord-" + Integer.toHexString(name.hashCode());
    }

    static String initial(String name) {
        return "Eerste-Wachtwoord-" + Integer.toHexString(name.hashCode());
    }
}
