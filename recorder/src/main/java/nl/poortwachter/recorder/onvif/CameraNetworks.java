package nl.poortwachter.recorder.onvif;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.Cidr;

/**
 * The configured camera networks ({@code cameraNetworks}) as ONVIF uses them: the gateway sends nothing to, and
 * believes nothing from, an address outside them. As for camera URLs, an empty list allows every address; only
 * discovery insists on a list ({@link WsDiscovery}).
 */
public record CameraNetworks(List<Cidr> networks) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public CameraNetworks {
        networks = List.copyOf(networks);
    }

    public boolean allows(InetAddress address) {
        return networks.isEmpty() || networks.stream().anyMatch(n -> n.contains(address));
    }

    /** The address a host part of a URL names if it is a numeric address (no DNS lookup), else null. */
    static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Refuses a host (name or address) any of whose addresses is outside the networks. */
    void check(String host) throws OnvifException {
        if (host == null || host.isEmpty()) {
            throw new OnvifException(OnvifProblem.BAD_RESPONSE, "the device address names no host");
        }
        InetAddress[] addresses;
        try {
            InetAddress literal = literal(host);
            addresses = literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OnvifException(OnvifProblem.UNREACHABLE, "host '" + host + "' cannot be resolved");
        }
        for (InetAddress a : addresses) {
            if (!allows(a)) {
                throw new OnvifException(OnvifProblem.OUTSIDE_NETWORKS, "host '" + host + "' (" + a.getHostAddress()
                        + ") is outside the camera networks " + networks);
            }
        }
    }
}
