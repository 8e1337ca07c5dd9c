package nl.poortwachter.recorder.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import nl.poortwachter.recorder.camera.Cidr;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    @Test
    void aNetworkWithoutItsNetworkAndBroadcastAddresses() throws Exception {
        AddressRange r = AddressRange.parse("10.20.1.0/29");
        assertEquals(6, r.size());
        assertEquals(InetAddress.getByName("10.20.1.1"), r.addresses().get(0));
        assertEquals(InetAddress.getByName("10.20.1.6"), r.addresses().get(5));
        assertEquals(254, AddressRange.parse("10.20.1.77/24").size());
        assertEquals(List.of(InetAddress.getByName("10.20.1.8")), AddressRange.parse("10.20.1.8/32").addresses());
    }

    @Test
    void aFromToRange() throws Exception {
        AddressRange r = AddressRange.parse("10.20.1.250-10.20.2.3");
        assertEquals(10, r.size());
        assertEquals(InetAddress.getByName("10.20.2.3"), r.addresses().get(9));
        assertEquals(1, AddressRange.parse("10.20.1.5").size());
    }

    @Test
    void badOrHugeRangesAreRefused() {
        assertEquals("'10.0.0.0/16' has 65534 addresses; a sweep range has at most 4096 (a /20)",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/16")).getMessage());
        assertEquals(4094, AddressRange.parse("10.0.0.0/20").size());
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.9-10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("camera.local"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("fd00::/120"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.300"));
    }

    @Test
    void withinTheCameraNetworksOnlyWhenWhollyInside() {
        CameraNetworks n = new CameraNetworks(List.of(Cidr.parse("10.20.0.0/23")));
        assertTrue(AddressRange.parse("10.20.1.0/24").within(n));
        assertFalse(AddressRange.parse("10.20.1.200-10.20.2.10").within(n));
        assertFalse(AddressRange.parse("10.20.1.0/24").within(new CameraNetworks(List.of())), "no networks: no sweep");
    }
}
