package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Password guessing as an attacker tries it, against a running gateway with the default limits (5 per name and
 * address, 20 per address): a concurrent burst, a burst meant to lock the administrator out, success used to wash
 * an address clean, and the own-password change as a side door. Each client has its own loopback address
 * (127.0.0.x), so "another address" is a real other peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAbuseTest {
    private static final String LOGIN = "/api/v1/auth/token";

    @TempDir
    static Path tmp;
    private Gateway gateway;
    private RawHttp raw;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "  maxFailedLogins: 5\n  maxFailedLoginsPerAddress: 20\n");
        raw = new RawHttp(gateway.port());
        Http anonymous = new Http(gateway.baseUrl());
        for (String name : List.of("victim", "pat")) {
            Logins.user(anonymous, name, "operator", List.of());
        }
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private RawHttp.Response login(String from, String user, String password) throws Exception {
        return raw.post(from, LOGIN, Map.of(), Http.JSON.writeValueAsString(Map.of("username", user, "password", password)));
    }

    private static int count(List<RawHttp.Response> rs, int status) {
        return (int) rs.stream().filter(r -> r.status() == status).count();
    }

    /** {@code n} requests at once, each from {@code from}. */
    private List<RawHttp.Response> burst(int n, java.util.function.IntFunction<java.util.concurrent.Callable<RawHttp.Response>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RawHttp.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                java.util.concurrent.Callable<RawHttp.Response> c = call.apply(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<RawHttp.Response> out = new ArrayList<>();
            for (Future<RawHttp.Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConcurrentBurstGetsFiveChecksAndLocksOutNobodyElse() throws Exception {
        List<RawHttp.Response> rs = burst(200, i -> () -> login("127.0.0.11", "victim", "wrong-password-" + i));
        assertEquals(5, count(rs, 401), "counted before hashing: only maxFailedLogins passwords are checked");
        assertEquals(195, count(rs, 429));
        assertTrue(rs.stream().filter(r -> r.status() == 429).allMatch(r -> Long.parseLong(r.header("Retry-After")) > 0));

        RawHttp.Response adminSameAddress = login("127.0.0.11", Logins.ADMIN, Logins.ADMIN_PASSWORD);
        assertEquals(200, adminSameAddress.status(), "the admin from the attacked address: " + adminSameAddress.body());
        RawHttp.Response adminElsewhere = login("127.0.0.12", Logins.ADMIN, Logins.ADMIN_PASSWORD);
        assertEquals(200, adminElsewhere.status(), adminElsewhere.body());
        RawHttp.Response victimElsewhere = login("127.0.0.12", "victim", Logins.password("victim"));
        assertEquals(200, victimElsewhere.status(), "the victim is not locked out from their own address");
        assertEquals(429, login("127.0.0.11", "victim", Logins.password("victim")).status(),
                "but the name stays locked from the attacker's address");
    }

    @Test
    void successDoesNotWashAnAddressClean() throws Exception {
        String from = "127.0.0.13";
        for (int i = 0; i < 20; i++) {
            assertEquals(401, login(from, "guess" + i, "wrong-password").status());
            if (i % 4 == 3) {
                assertEquals(200, login(from, Logins.ADMIN, Logins.ADMIN_PASSWORD).status(), "a success in between");
            }
        }
        // 20 failures stand: the address's attempts are now spaced out; a burst mostly waits its turn or is refused.
        List<RawHttp.Response> rs = burst(10, i -> () -> login(from, "spray" + i, "wrong-password"));
        assertTrue(count(rs, 429) >= 5, "statuses: " + rs.stream().map(RawHttp.Response::status).toList());
        assertTrue(count(rs, 401) <= 5, "statuses: " + rs.stream().map(RawHttp.Response::status).toList());
    }

    @Test
    void theOwnPasswordChangeIsThrottledToo() throws Exception {
        String token = Http.json(new Http(gateway.baseUrl()).post(LOGIN,
                Map.of("username", "pat", "password", Logins.password("pat")))).path("token").asText();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String wrong = "{\"currentPassword\": \"not-my-password\", \"newPassword\": \"Nieuw-Wachtwoord-1234\"}";
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = raw.post("127.0.0.14", "/api/v1/auth/password", bearer, wrong);
            assertEquals(403, r.status(), r.body());
        }
        String right = "{\"currentPassword\": \"" + Logins.password("pat") + "\", \"newPassword\": \"Nieuw-Wachtwoord-1234\"}";
        RawHttp.Response locked = raw.post("127.0.0.14", "/api/v1/auth/password", bearer, right);
        assertEquals(429, locked.status(), "the sixth guess waits, right or wrong: " + locked.body());
        assertTrue(Long.parseLong(locked.header("Retry-After")) > 0);
        assertEquals(204, raw.post("127.0.0.15", "/api/v1/auth/password", bearer, right).status(),
                "from another address the owner changes it");
    }
}
