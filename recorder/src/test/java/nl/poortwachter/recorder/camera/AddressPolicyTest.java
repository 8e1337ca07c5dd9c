package nl.poortwachter.recorder.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Camera URLs are no longer open by default (issue 10 item 11): with no cameraNetworks configured, a URL whose host
 * is (or resolves to) a loopback, link-local, multicast or unspecified address, or that names the gateway's own port
 * on this machine, is refused, unless the setting allows the kind; an explicit network inside such a range allows
 * exactly that. Upper-case {@code RTSP://} is the same URL (RFC 3986) and is accepted.
 */
class AddressPolicyTest {
    private static CameraSpec camera(String url) {
        return new CameraSpec(null, "Poort Noord", url, null, null, null, null, null, null, "gemeentewet-151c", null,
                null, null);
    }

    private static CameraValidator validator(AddressPolicy p) {
        return new CameraValidator(new RtspUrlPolicy(p), TestRecorders.REGIMES);
    }

    private static final CameraValidator DEFAULT = validator(AddressPolicy.of(List.of()));

    @ParameterizedTest
    @ValueSource(strings = {"rtsp://169.254.169.254/latest/meta-data", "rtsp://127.0.0.1:8080/x", "rtsp://127.3.2.1/x",
            "rtsp://localhost/x", "rtsp://[::1]/x", "rtsp://[::ffff:127.0.0.1]/x", "rtsp://[::127.0.0.1]/x",
            "rtsp://[64:ff9b::a9fe:a9fe]/x", "rtsp://[fe80::1]/x", "rtsp://0.0.0.0/x", "rtsp://[::]/x",
            "rtsp://224.0.0.251/x", "rtsp://[ff02::1]/x", "rtsp://255.255.255.255/x", "RTSP://127.0.0.1/x"})
    void specialAddressesAreRefusedByDefault(String url) {
        InvalidCameraException e = assertThrows(InvalidCameraException.class, () -> DEFAULT.validate(camera(url)));
        assertEquals("url", e.field());
        assertTrue(e.getMessage().contains("which is no camera's") && e.getMessage().contains("cameraSpecialAddresses"),
                e.getMessage());
    }

    @Test
    void ordinaryAddressesAndUpperCaseSchemesAreAccepted() {
        assertEquals("rtsp://10.0.0.5:554/Streaming/Channels/101",
                DEFAULT.validate(camera("RTSP://10.0.0.5:554/Streaming/Channels/101")).url());
        assertEquals("rtsps://[2001:db8::5]/x", DEFAULT.validate(camera("RtSpS://[2001:db8::5]/x")).url());
        assertEquals("rtsp://cam-not-in-dns.invalid/x", DEFAULT.validate(camera("rtsp://cam-not-in-dns.invalid/x")).url(),
                "a name that does not resolve yet is judged before each connection instead");
    }

    @Test
    void aKindIsAllowedOnlyWhenTheSettingNamesIt() {
        CameraValidator loopback = validator(new AddressPolicy(List.of(), Set.of(AddressPolicy.Kind.LOOPBACK)));
        assertEquals("rtsp://127.0.0.1:8554/small", loopback.validate(camera("rtsp://127.0.0.1:8554/small")).url());
        assertThrows(InvalidCameraException.class, () -> loopback.validate(camera("rtsp://169.254.169.254/x")));
        assertEquals(AddressPolicy.Kind.LINK_LOCAL, AddressPolicy.Kind.parse("Link-Local"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.Kind.parse("private"));
    }

    @Test
    void aNetworkInsideASpecialRangeIsExplicitButAWideOneIsNot() throws Exception {
        AddressPolicy exact = AddressPolicy.of(List.of(Cidr.parse("127.0.0.1/32")));
        assertNull(exact.refusal(InetAddress.getByName("127.0.0.1"), 554));
        assertTrue(exact.refusal(InetAddress.getByName("127.0.0.2"), 554).contains("outside the allowed camera networks"));
        AddressPolicy everything = AddressPolicy.of(List.of(Cidr.parse("0.0.0.0/0")));
        assertNull(everything.refusal(InetAddress.getByName("10.1.2.3"), 554));
        assertTrue(everything.refusal(InetAddress.getByName("127.0.0.1"), 554).contains("loopback"));
        assertTrue(everything.refusal(InetAddress.getByName("169.254.169.254"), 80).contains("link-local"));
    }

    @Test
    void theGatewaysOwnPortIsNeverACamera() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of(), Set.of(AddressPolicy.Kind.LOOPBACK));
        p.addOwnListener(InetAddress.getByName("0.0.0.0"), 8080); // listening on every address
        CameraValidator v = validator(p);
        InvalidCameraException e = assertThrows(InvalidCameraException.class,
                () -> v.validate(camera("rtsp://127.0.0.1:8080/x")));
        assertTrue(e.getMessage().contains("this gateway itself"), e.getMessage());
        assertTrue(p.refusal(InetAddress.getByName("127.0.0.2"), 8080).contains("this gateway itself"));
        assertEquals("rtsp://127.0.0.1:8554/x", v.validate(camera("rtsp://127.0.0.1:8554/x")).url());
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        if (lan.isPresent()) {
            // This machine's own network address is the gateway too, not only loopback.
            assertTrue(p.refusal(lan.get(), 8080).contains("this gateway itself"), lan.get().toString());
            assertNull(p.refusal(lan.get(), 8554));
        }
    }

    @Test
    void aGatewayBoundToOneAddressIsOnlyThatAddress() throws Exception {
        // A gateway on 127.0.0.1:8080 cannot be reached at 127.0.0.2:8080: a camera (simulator) may listen there.
        AddressPolicy p = new AddressPolicy(List.of(), Set.of(AddressPolicy.Kind.LOOPBACK));
        p.addOwnListener(InetAddress.getByName("127.0.0.1"), 8080);
        assertTrue(p.refusal(InetAddress.getByName("127.0.0.1"), 8080).contains("this gateway itself"));
        assertTrue(p.refusal(InetAddress.getByName("::ffff:127.0.0.1"), 8080).contains("this gateway itself"));
        assertNull(p.refusal(InetAddress.getByName("127.0.0.2"), 8080));
        assertNull(p.refusal(InetAddress.getByName("127.0.0.1"), 8081));
    }

    @Test
    void theUrlIsJudgedAgainWhenConnecting() {
        RtspUrlPolicy strict = new RtspUrlPolicy(AddressPolicy.of(List.of()));
        assertTrue(strict.refusalNow("rtsp://localhost:8554/x").contains("loopback"));
        assertNull(strict.refusalNow("rtsp://10.0.0.5/x"));
        assertNull(strict.refusalNow("rtsp://cam-not-in-dns.invalid/x"), "left to the connection to report");
        assertTrue(strict.allows(InetAddress.getLoopbackAddress()) == false);
    }
}
