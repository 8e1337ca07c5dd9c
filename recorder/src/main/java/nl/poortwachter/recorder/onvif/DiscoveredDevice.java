package nl.poortwachter.recorder.onvif;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A device that answered a WS-Discovery probe from inside the camera networks.
 *
 * @param endpoint its WS-Addressing endpoint reference (usually {@code urn:uuid:…}): the same device answering twice
 *                 (multicast and sweep) is one device
 * @param from     the address the answer came from
 * @param xaddrs   its device service addresses inside the camera networks (others are dropped)
 * @param scopes   ONVIF scopes, e.g. {@code onvif://www.onvif.org/name/…}, {@code …/hardware/…}
 */
public record DiscoveredDevice(String endpoint, InetAddress from, List<URI> xaddrs, List<String> types, List<String> scopes) {
    private static final String SCOPE_PREFIX = "onvif://www.onvif.org/";

    /** The name the device gives itself in its scopes, if any. */
    public Optional<String> name() {
        return scope("name");
    }

    /** The hardware (model) the device names in its scopes, if any. */
    public Optional<String> hardware() {
        return scope("hardware");
    }

    private Optional<String> scope(String kind) {
        String prefix = SCOPE_PREFIX + kind + "/";
        return scopes.stream().filter(s -> s.startsWith(prefix))
                .map(s -> OnvifClient.printable(URLDecoder.decode(s.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8)))
                .findFirst();
    }
}
