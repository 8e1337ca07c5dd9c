package nl.poortwachter.recorder.onvif;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.AddressPolicy;
import nl.poortwachter.recorder.camera.Cidr;

/**
 * Where ONVIF may go, by the camera {@link AddressPolicy} (docs/decisions.md D49, D66): the gateway sends nothing to,
 * and believes nothing from, an address a camera URL could not have either: outside {@code cameraNetworks}, a special
 * address (loopback, link-local such as a cloud's metadata service, multicast, unspecified) unless allowed, or the
 * gateway's own port. As for camera URLs, an empty network list allows every ordinary address; only discovery insists
 * on a list ({@link WsDiscovery}).
 */
public final class CameraNetworks {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final AddressPolicy policy;

    /** The cameras' own policy: the one that also learns the gateway's ports. */
    public CameraNetworks(AddressPolicy policy) {
        this.policy = policy;
    }

    /** Only these networks, no special address outside them (the secure default). */
    public CameraNetworks(List<Cidr> networks) {
        this(AddressPolicy.of(networks));
    }

    public List<Cidr> networks() {
        return policy.networks();
    }

    public boolean allows(InetAddress address) {
        return policy.allows(address);
    }

    /** Why ONVIF must not talk to this address, or null when it may (e.g. "is outside the allowed camera networks …"). */
    String refusal(InetAddress address, int port) {
        return policy.refusal(address, port);
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

    /** Refuses a host (name or address) any of whose addresses the policy refuses, at this port. */
    void check(String host, int port) throws OnvifException {
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
            String refusal = refusal(a, port);
            if (refusal != null) {
                throw new OnvifException(OnvifProblem.OUTSIDE_NETWORKS, "host '" + host + "' (" + a.getHostAddress() + ") "
                        + refusal);
            }
        }
    }

    @Override
    public String toString() {
        return networks().toString();
    }
}
