package nl.poortwachter.recorder.camera;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which addresses the gateway may connect to as a camera (issue 10 items 10, 11; docs/decisions.md D49). A camera URL
 * is typed in by an integrator, so without limits it points the gateway, from inside the municipal network, at
 * anything: a cloud's metadata service (169.254.169.254), a service on the gateway's own machine (loopback, or its
 * own API port), a multicast group. Refused unless explicitly allowed:
 * <ul>
 *   <li>address kinds that are never a camera's: {@link Kind loopback, link-local, multicast (and broadcast),
 *       unspecified}, unless the setting {@code cameraSpecialAddresses} names the kind, or a {@code cameraNetworks}
 *       entry lies inside that kind's range (e.g. {@code 127.0.0.1/32}: that is explicit too);</li>
 *   <li>the gateway's own listening sockets (never allowed): its port on the address it is bound to, or on any of
 *       this machine's addresses when it listens on all of them;</li>
 *   <li>with {@code cameraNetworks} configured, every address outside them.</li>
 * </ul>
 * Addresses are judged after resolving host names, IPv4 inside IPv6 (mapped, compatible, NAT64) as IPv4.
 */
public final class AddressPolicy {

    /** Kinds of addresses that are no camera's. Written in the settings as {@link #word()}. */
    public enum Kind {
        LOOPBACK("loopback", "127.0.0.0/8", "::1/128"),
        LINK_LOCAL("link-local", "169.254.0.0/16", "fe80::/10"),
        MULTICAST("multicast", "224.0.0.0/4", "255.255.255.255/32", "ff00::/8"),
        UNSPECIFIED("unspecified", "0.0.0.0/8", "::/128");

        private final String word;
        private final List<Cidr> ranges;

        Kind(String word, String... ranges) {
            this.word = word;
            this.ranges = Arrays.stream(ranges).map(Cidr::parse).toList();
        }

        public String word() {
            return word;
        }

        /** @throws IllegalArgumentException naming the words allowed */
        public static Kind parse(String word) {
            for (Kind k : values()) {
                if (k.word.equals(word.strip().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + word + "' is not one of loopback, link-local, multicast,"
                    + " unspecified");
        }

        static Kind of(InetAddress address) {
            for (Kind k : values()) {
                if (k.ranges.stream().anyMatch(r -> r.contains(address))) {
                    return k;
                }
            }
            return null;
        }

        /** A configured network that lies inside this kind's range: someone meant exactly these addresses. */
        boolean covers(Cidr entry) {
            return ranges.stream().anyMatch(entry::within);
        }
    }

    private final List<Cidr> networks;
    private final Set<Kind> allowedKinds;
    /** Port → the address the gateway listens on there (a wildcard address: all of this machine's). */
    private final Map<Integer, Set<InetAddress>> ownListeners = new ConcurrentHashMap<>();

    public AddressPolicy(List<Cidr> networks, Set<Kind> allowedKinds) {
        this.networks = List.copyOf(networks);
        this.allowedKinds = allowedKinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(allowedKinds);
    }

    /** Only the networks; every special kind refused (what the secure default is). */
    public static AddressPolicy of(List<Cidr> networks) {
        return new AddressPolicy(networks, Set.of());
    }

    /**
     * The gateway listens on {@code address}:{@code port}: a camera URL naming that socket is refused. A wildcard
     * address (0.0.0.0, ::) means every address of this machine. Only the bound address counts otherwise: a gateway
     * on 127.0.0.1:8080 is not reachable at 127.0.0.2:8080, where another service (a camera simulator) may listen.
     */
    public void addOwnListener(InetAddress address, int port) {
        ownListeners.computeIfAbsent(port, p -> ConcurrentHashMap.newKeySet()).add(unwrapIpv4(address));
    }

    public List<Cidr> networks() {
        return networks;
    }

    /** Whether the gateway may connect to this address at all (any port). */
    public boolean allows(InetAddress address) {
        return refusal(address, -1) == null;
    }

    /**
     * Why the gateway must not connect to {@code address}:{@code port}, or null when it may.
     *
     * @param port the port, or -1 when not known (then only the address is judged)
     */
    public String refusal(InetAddress address, int port) {
        InetAddress a = unwrapIpv4(address);
        if (!networks.isEmpty() && networks.stream().noneMatch(n -> n.contains(a))) {
            return "is outside the allowed camera networks " + networks;
        }
        Kind kind = Kind.of(a);
        if (kind != null && !allowedKinds.contains(kind) && networks.stream().noneMatch(n -> kind.covers(n) && n.contains(a))) {
            return "is a " + kind.word() + " address, which is no camera's (allow it with cameraSpecialAddresses: ["
                    + kind.word() + "])";
        }
        if (port > 0 && isGatewayItself(a, port)) {
            return "is this gateway itself (port " + port + ")";
        }
        return null;
    }

    /** IPv4 carried in IPv6 (mapped addresses Java already unwraps; compatible ::a.b.c.d and NAT64 64:ff9b::/96). */
    static InetAddress unwrapIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean compatible = ((Inet6Address) address).isIPv4CompatibleAddress() && !address.isLoopbackAddress()
                && !address.isAnyLocalAddress();
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        if (!compatible && !nat64) {
            return address;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private boolean isGatewayItself(InetAddress a, int port) {
        Set<InetAddress> bound = ownListeners.get(port);
        if (bound == null || !isOwn(a)) {
            return false;
        }
        return bound.stream().anyMatch(b -> b.isAnyLocalAddress() || b.equals(a));
    }

    private static boolean isOwn(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return true; // cannot tell: treat as ours, a camera is never at the gateway's own port anyway
        }
    }
}
