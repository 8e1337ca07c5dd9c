package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.RawHttp;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a configured reverse proxy (127.0.0.21) the client is the address it forwards: in the access log and for
 * the login limits, so that users behind the proxy are not one address. From anyone else X-Forwarded-For is ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedForTest {
    private static final String PROXY = "127.0.0.21";
    private static final String NOT_A_PROXY = "127.0.0.22";

    @TempDir
    static Path tmp;
    private Gateway gateway;
    private RawHttp raw;
    private AuditTrail trail;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "  maxFailedLogins: 3\n  trustedProxies: [" + PROXY + ", 10.99.0.0/16]\n");
        raw = new RawHttp(gateway.port());
        Http anonymous = new Http(gateway.baseUrl());
        trail = new AuditTrail(Logins.user(anonymous, "aart", "auditor", List.of()));
        Logins.user(anonymous, "ina", "operator", List.of());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private RawHttp.Response login(String from, String forwardedFor, String user, String password) throws Exception {
        return raw.post(from, "/api/v1/auth/token", forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor),
                Http.JSON.writeValueAsString(Map.of("username", user, "password", password)));
    }

    /** The client address of the login entry the next call writes. */
    private String loggedAddress(java.util.concurrent.Callable<RawHttp.Response> call) throws Exception {
        long before = trail.lastSeq();
        call.call();
        List<JsonNode> entries = trail.entriesAfter(before);
        assertEquals(1, entries.size(), entries.toString());
        return entries.get(0).path("clientAddress").asText();
    }

    @Test
    void theProxysForwardedClientIsLoggedOthersHeadersAreNot() throws Exception {
        assertEquals("203.0.113.7", loggedAddress(() -> login(PROXY, "203.0.113.7", "ina", Logins.password("ina"))));
        assertEquals("203.0.113.9", loggedAddress(() -> login(PROXY, "1.2.3.4, 203.0.113.9", "ina", "wrong")),
                "the address the proxy appended, not what the client wrote before it");
        assertEquals(NOT_A_PROXY, loggedAddress(() -> login(NOT_A_PROXY, "203.0.113.7", "ina", Logins.password("ina"))));
    }

    @Test
    void behindTheProxyEachClientHasItsOwnLimits() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login(PROXY, "198.51.100.1", "ina", "wrong").status());
        }
        assertEquals(429, login(PROXY, "198.51.100.1", "ina", Logins.password("ina")).status());
        assertEquals(200, login(PROXY, "198.51.100.2", "ina", Logins.password("ina")).status(),
                "another client behind the same proxy is not locked out");
    }

    @Test
    void aClientCannotEscapeItsLimitsByWritingTheHeader() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login(NOT_A_PROXY, "192.0.2." + i, "ina", "wrong").status());
        }
        assertEquals(429, login(NOT_A_PROXY, "192.0.2.99", "ina", Logins.password("ina")).status(),
                "the header of a client that is not a proxy changes nothing");
    }
}
