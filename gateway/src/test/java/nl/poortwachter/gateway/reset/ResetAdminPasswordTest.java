package nl.poortwachter.gateway.reset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost administrator password, reset on the box: refused while the gateway runs, then a one-time password that
 * logs in once and must be changed; the old password no longer works; the reset is an audit entry in a chain that
 * still verifies.
 */
class ResetAdminPasswordTest {
    @TempDir
    Path tmp;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(GatewayConfig config, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ResetAdminPassword.run(config, name, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theOnlyAdministratorGetsAOneTimePasswordWhileTheGatewayIsStopped() throws Exception {
        GatewayConfig config;
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            config = gateway.config();
            Logins.user(new Http(gateway.baseUrl()), "audrey", "auditor", List.of());
            Outcome refused = run(config, null);
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("stop the gateway first"), refused.err());
            assertEquals("", refused.out());
        }
        assertEquals(1, run(config, "audrey").code(), "not an administrator: reset on the admin page");
        assertTrue(run(config, "audrey").err().contains("no administrator named 'audrey'"));

        Outcome done = run(config, null);
        assertEquals(0, done.code(), done.err());
        Matcher m = Pattern.compile("one-time password for admin: (\\S+) ").matcher(done.out());
        assertTrue(m.find(), done.out());
        String oneTime = m.group(1);
        assertEquals(1, done.out().lines().count(), "one line");

        try (Gateway again = TestGateway.start(tmp, "")) {
            Http anonymous = new Http(again.baseUrl());
            assertEquals(401, anonymous.post("/api/v1/auth/token", Map.of("username", Logins.ADMIN,
                    "password", Logins.ADMIN_PASSWORD)).statusCode(), "the lost password no longer works");
            var login = anonymous.post("/api/v1/auth/token", Map.of("username", "admin", "password", oneTime));
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(Http.json(login).path("mustChangePassword").asBoolean());
            AuditTrail trail = new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", Logins.password("audrey"))));
            JsonNode reset = trail.entriesAfter(0).stream()
                    .filter(e -> e.path("detail").asText().equals("by=reset-admin-password must_change=true"))
                    .findFirst().orElseThrow();
            assertEquals("user.password", reset.path("action").asText());
            assertEquals("admin", reset.path("objectId").asText());
            assertEquals("system", reset.path("actorName").asText());
            assertTrue(trail.verify().path("ok").asBoolean(), "the chain verifies with the reset in it");
        }
    }

    @Test
    void theCommandWordAndItsNameLeaveTheRestOfTheLine() {
        ResetAdminPassword.Arguments a = ResetAdminPassword.split(
                new String[] {"--config", "x.yaml", "reset-admin-password", "beheer", "--port", "1"});
        assertEquals("beheer", a.username());
        assertArrayEquals(new String[] {"--config", "x.yaml", "--port", "1"}, a.rest());
        ResetAdminPassword.Arguments b = ResetAdminPassword.split(new String[] {"reset-admin-password", "--config", "y"});
        assertNull(b.username());
        assertArrayEquals(new String[] {"--config", "y"}, b.rest());
        assertTrue(ResetAdminPassword.named(new String[] {"--config", "y", "reset-admin-password"}));
    }
}
