package nl.poortwachter.gateway.auth.routes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Origin check that refuses cross-site state changes and WebSocket upgrades. */
class SameOriginTest {
    @Test
    void sameOriginOnlyWhenSchemeHostAndPortNameThisHost() {
        assertTrue(AuthGuard.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(AuthGuard.sameOrigin("https://vms.gemeente.nl", "vms.gemeente.nl"));
        assertTrue(AuthGuard.sameOrigin("https://vms.gemeente.nl", "vms.gemeente.nl:443"));
        assertFalse(AuthGuard.sameOrigin("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assertFalse(AuthGuard.sameOrigin("https://evil.example", "vms.gemeente.nl"));
        assertFalse(AuthGuard.sameOrigin("https://vms.gemeente.nl.evil.example", "vms.gemeente.nl"));
        assertFalse(AuthGuard.sameOrigin("null", "vms.gemeente.nl"));
        assertFalse(AuthGuard.sameOrigin("http://127.0.0.1:8080", null));
        assertFalse(AuthGuard.sameOrigin("not a url", "127.0.0.1:8080"));
    }
}
