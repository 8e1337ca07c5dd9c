package nl.poortwachter.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start without POORTWACHTER_ADMIN_PASSWORD: the one-time code printed on the console sets the admin's
 * password and makes the first integrator in one step, which logs the browser in as the integrator; the page closes
 * behind it. A wrong code is a failed login; what is asked is checked before anything changes.
 */
class SetupTest {
    @TempDir
    Path tmp;

    @Test
    void theOneTimeCodeSetsTheAdminPasswordAndMakesTheIntegrator() throws Exception {
        GatewayConfig config = new ConfigLoader(k -> null, tmp).parse(Logins.FAST_AUTH, "test.yaml", null,
                new Overrides(0, tmp.resolve("storage"), null));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Gateway gateway;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            gateway = Gateway.start(config);
        } finally {
            System.setOut(stdout);
        }
        try (Gateway g = gateway) {
            Matcher m = Pattern.compile("one_time_password=(\\S+)").matcher(console.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), "the code is printed: " + console);
            String code = m.group(1);
            Http anonymous = new Http(g.baseUrl());
            assertTrue(g.awaitingSetup());
            JsonNode status = Http.json(anonymous.get("/api/v1/setup"));
            assertTrue(status.path("pending").asBoolean());
            assertEquals("admin", status.path("adminUsername").asText());

            Map<String, Object> integrator = Map.of("username", "Installateur", "password", "Camera-Inrichter-2026");
            // Checked before any password is hashed: nothing changes.
            assertField(anonymous.post("/api/v1/setup", Map.of("code", code, "adminPassword", "kort")), "adminPassword");
            assertField(anonymous.post("/api/v1/setup", Map.of("code", code, "adminPassword", "Beheer-Wachtwoord-77",
                    "integrator", Map.of("username", "admin", "password", "Camera-Inrichter-2026"))), "integrator.username");
            assertField(anonymous.post("/api/v1/setup", Map.of("code", code, "adminPassword", "Beheer-Wachtwoord-77",
                    "integrator", Map.of("username", "inrichter", "password", "Beheer-Wachtwoord-77"))), "integrator.password");
            HttpResponse<String> wrong = anonymous.post("/api/v1/setup", Map.of("code", "abcde-fghjk-mnpqr-stuvw",
                    "adminPassword", "Beheer-Wachtwoord-77", "integrator", integrator));
            assertEquals(403, wrong.statusCode(), wrong.body());
            assertEquals("wrong_code", Http.json(wrong).path("error").asText());
            assertTrue(g.awaitingSetup(), "nothing changed");

            HttpResponse<String> done = anonymous.post("/api/v1/setup", Map.of("code", code,
                    "adminPassword", "Beheer-Wachtwoord-77", "integrator", integrator));
            assertEquals(200, done.statusCode(), done.body());
            JsonNode me = Http.json(done);
            assertEquals("installateur", me.path("username").asText());
            assertEquals("integrator", me.path("role").asText());
            assertFalse(me.path("mustChangePassword").asBoolean(), "the person chose this password just now");
            String cookie = done.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie.startsWith("poortwachter_session=pwt_") && cookie.contains("HttpOnly")
                    && cookie.contains("SameSite=Strict"), cookie);
            assertFalse(done.body().contains("pwt_"), "the token is in the cookie only");

            assertFalse(g.awaitingSetup());
            assertFalse(Http.json(anonymous.get("/api/v1/setup")).path("pending").asBoolean());
            HttpResponse<String> again = anonymous.post("/api/v1/setup", Map.of("code", code,
                    "adminPassword", "Ander-Wachtwoord-88"));
            assertEquals(409, again.statusCode(), again.body());
            assertEquals(401, anonymous.post("/api/v1/auth/token", Map.of("username", "admin", "password", code))
                    .statusCode(), "the code no longer logs in");
            Http admin = anonymous.as(Logins.token(anonymous, "admin", "Beheer-Wachtwoord-77"));
            Http inrichter = anonymous.as(Logins.token(anonymous, "installateur", "Camera-Inrichter-2026"));
            assertEquals(400, inrichter.post("/api/v1/cameras", Map.of()).statusCode(), "may add cameras");
            assertEquals(403, admin.post("/api/v1/cameras", Map.of()).statusCode(), "the admin still may not");

            // The log: a failed login for the wrong code, then the admin's password and the new user, by the admin.
            assertEquals(201, admin.post("/api/v1/users", Map.of("username", "audrey", "role", "auditor",
                    "password", "Eerste-Wachtwoord-Controle")).statusCode());
            Http audrey = anonymous.as(Logins.token(anonymous, "audrey", "Eerste-Wachtwoord-Controle"));
            audrey.post("/api/v1/auth/password", Map.of("currentPassword", "Eerste-Wachtwoord-Controle",
                    "newPassword", "Gekozen-Wachtwoord-Controle"));
            AuditTrail trail = new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", "Gekozen-Wachtwoord-Controle")));
            List<String> log = trail.entriesAfter(0).stream().map(e -> e.path("action").asText() + ":"
                    + e.path("result").asText() + ":" + e.path("actorName").asText() + ":" + e.path("objectId").asText("")
                    + ":" + e.path("detail").asText("")).toList();
            int failed = log.indexOf("auth.login:failed:admin::reason=bad_setup_code");
            int password = log.indexOf("user.password:ok:admin:admin:by=self");
            int created = log.indexOf("user.create:ok:admin:installateur:role=integrator cameras= setup=first_run");
            int login = -1;
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).startsWith("auth.login:ok:installateur:")) {
                    login = i;
                    break;
                }
            }
            assertTrue(failed >= 0 && failed < password && password < created && created < login, log.toString());
        }
    }

    private static void assertField(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, Http.json(r).path("field").asText(), r.body());
    }
}
