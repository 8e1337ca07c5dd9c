package nl.poortwachter.recorder.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import org.junit.jupiter.api.Test;

/**
 * ONVIF goes only where a camera URL may point (the camera address policy): networks that hold every address still
 * keep out the special addresses (a cloud's metadata service, loopback, multicast) and the gateway's own port, for
 * device calls and discovery sweeps alike; nothing is sent to find that out.
 */
class CameraNetworksTest {
    private static final List<Cidr> EVERYWHERE = List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));

    @Test
    void specialAddressesAreRefusedEvenInsideNetworksThatHoldEverything() throws Exception {
        CameraNetworks n = new CameraNetworks(EVERYWHERE);
        assertTrue(n.allows(InetAddress.getByName("10.20.1.15")));
        for (String special : List.of("127.0.0.1", "169.254.169.254", "239.255.255.250", "0.0.0.0", "::1", "fe80::1",
                "64:ff9b::a9fe:a9fe")) {
            assertEquals(false, n.allows(InetAddress.getByName(special)), special);
        }
        OnvifException metadata = assertThrows(OnvifException.class, () -> n.check("169.254.169.254", 80));
        assertEquals(OnvifProblem.OUTSIDE_NETWORKS, metadata.problem());
        assertEquals("host '169.254.169.254' (169.254.169.254) is a link-local address, which is no camera's (allow it with"
                + " cameraSpecialAddresses: [link-local])", metadata.getMessage());
    }

    @Test
    void aDeviceCallToASpecialAddressIsRefusedBeforeAnythingIsSent() {
        CameraNetworks n = new CameraNetworks(EVERYWHERE);
        OnvifClient client = new OnvifClient(n, new RtspUrlPolicy(AddressPolicy.of(EVERYWHERE)), Duration.ofSeconds(1),
                Clock.systemUTC());
        OnvifException e = assertThrows(OnvifException.class, () -> client.device(
                URI.create("http://169.254.169.254/latest/meta-data"), "admin", "x").information());
        assertEquals(OnvifProblem.OUTSIDE_NETWORKS, e.problem());
    }

    @Test
    void allowedKindsAndExplicitNetworksOpenThemButNeverTheGatewaysOwnPort() throws Exception {
        AddressPolicy policy = new AddressPolicy(EVERYWHERE, Set.of(AddressPolicy.Kind.LOOPBACK));
        policy.addOwnListener(InetAddress.getByName("127.0.0.1"), 8443);
        CameraNetworks n = new CameraNetworks(policy);
        n.check("127.0.0.1", 8080);
        OnvifException self = assertThrows(OnvifException.class, () -> n.check("127.0.0.1", 8443));
        assertEquals("host '127.0.0.1' (127.0.0.1) is this gateway itself (port 8443)", self.getMessage());
        new CameraNetworks(List.of(Cidr.parse("127.0.0.0/8"))).check("127.0.0.5", 80); // named explicitly: meant
    }

    @Test
    void aSweepRangeWithAnAddressThePolicyRefusesIsRefusedWhole() {
        CameraNetworks n = new CameraNetworks(EVERYWHERE);
        assertNull(AddressRange.parse("10.20.1.0/24").refusal(n));
        assertEquals("169.254.169.1 is a link-local address, which is no camera's (allow it with cameraSpecialAddresses:"
                + " [link-local])", AddressRange.parse("169.254.169.0/24").refusal(n));
        assertEquals("224.0.0.0 is a multicast address, which is no camera's (allow it with cameraSpecialAddresses:"
                + " [multicast])", AddressRange.parse("223.255.255.250-224.0.0.5").refusal(n));
        assertEquals("no camera networks are configured", AddressRange.parse("10.20.1.0/24").refusal(new CameraNetworks(List.of())));
    }
}
