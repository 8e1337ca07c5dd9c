package nl.poortwachter.recorder.onvif;

import java.time.Duration;
import java.util.List;

/**
 * How to look for ONVIF devices.
 *
 * @param multicast          send one probe to 239.255.255.250 (reaches devices on the gateway's own segments)
 * @param multicastInterface the network interface to send it on (e.g. {@code eth1}); null: the system's choice
 * @param sweep              address ranges to probe one by one (for routed networks); each inside the camera networks
 * @param listen             how long to listen for answers after the last probe is sent
 * @param port               the WS-Discovery port (3702; another only for tests)
 */
public record DiscoverySettings(boolean multicast, String multicastInterface, List<AddressRange> sweep, Duration listen, int port) {
    public static final int WS_DISCOVERY_PORT = 3702;

    public DiscoverySettings {
        sweep = List.copyOf(sweep);
        if (!multicast && sweep.isEmpty()) {
            throw new IllegalArgumentException("discovery needs multicast, a sweep range, or both");
        }
        if (listen.isNegative() || listen.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("discovery listen time must be between 0 and 30 s");
        }
    }
}
