package nl.poortwachter.recorder.onvif;

import java.net.InetAddress;
import java.util.List;

/**
 * What a discovery found: devices inside the camera networks, and the answers it did not follow with the reason
 * (shown to the integrator: a device that points elsewhere is worth knowing about).
 */
public record DiscoveryResult(List<DiscoveredDevice> devices, List<IgnoredAnswer> ignored, int probesSent) {

    /** An answer to our probe that was not followed: from outside the networks, or pointing outside them. */
    public record IgnoredAnswer(InetAddress from, String endpoint, String reason) {
    }
}
