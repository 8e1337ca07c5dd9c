package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nl.poortwachter.recorder.camera.Cidr;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = new TrustedProxies(List.of(Cidr.parse("10.0.5.0/24"),
            Cidr.parse("127.0.0.1/32"), Cidr.parse("fd00::/8")));

    @Test
    void onlyATrustedPeersHeaderCounts() {
        assertEquals("203.0.113.7", proxies.clientAddress("10.0.5.2", List.of("203.0.113.7")));
        assertEquals("192.0.2.1", proxies.clientAddress("192.0.2.1", List.of("203.0.113.7")), "not a proxy: ignored");
        assertEquals("192.0.2.1", TrustedProxies.NONE.clientAddress("192.0.2.1", List.of("203.0.113.7")));
        assertEquals("10.0.5.2", proxies.clientAddress("10.0.5.2", List.of()), "no header: the proxy itself");
    }

    @Test
    void theRightmostUntrustedHopIsTheClient() {
        // The client wrote 1.2.3.4 itself; the proxy appended where the request really came from.
        assertEquals("203.0.113.9", proxies.clientAddress("127.0.0.1", List.of("1.2.3.4, 203.0.113.9")));
        // Two proxies in a row, the header given twice.
        assertEquals("203.0.113.9", proxies.clientAddress("127.0.0.1", List.of("1.2.3.4", "203.0.113.9, 10.0.5.7")));
        // Every hop a proxy: the leftmost is the best we know.
        assertEquals("10.0.5.8", proxies.clientAddress("127.0.0.1", List.of("10.0.5.8, 10.0.5.7")));
    }

    @Test
    void garbageStopsAtTheLastAddressAProxyVouchedFor() {
        assertEquals("10.0.5.7", proxies.clientAddress("127.0.0.1", List.of("203.0.113.9, evil.example, 10.0.5.7")));
        assertEquals("127.0.0.1", proxies.clientAddress("127.0.0.1", List.of("unknown")));
        assertEquals("127.0.0.1", proxies.clientAddress("127.0.0.1", List.of("1234")));
    }

    @Test
    void portsAndIpv6() {
        assertEquals("203.0.113.9", proxies.clientAddress("10.0.5.2", List.of("203.0.113.9:51234")));
        assertEquals("2001:db8:0:0:0:0:0:1", proxies.clientAddress("10.0.5.2", List.of("[2001:db8::1]:443")));
        assertEquals("2001:db8:0:0:0:0:0:1", proxies.clientAddress("fd00:0:0:0:0:0:0:5", List.of("2001:db8::1")));
    }
}
