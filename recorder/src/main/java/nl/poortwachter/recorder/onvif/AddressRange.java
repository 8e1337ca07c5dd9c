package nl.poortwachter.recorder.onvif;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.Cidr;

/**
 * IPv4 addresses a unicast discovery sweep probes one by one, for networks where multicast does not reach the
 * cameras (routed camera VLANs): {@code 10.20.1.0/24} (its network and broadcast addresses left out) or
 * {@code 10.20.1.10-10.20.1.60}. At most {@value #MAX_ADDRESSES} addresses, so that a typo cannot make the
 * gateway probe a whole /8.
 */
public record AddressRange(String text, long first, long last) {
    public static final int MAX_ADDRESSES = 4096;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public static AddressRange parse(String text) {
        String t = text.strip();
        long first;
        long last;
        int dash = t.indexOf('-');
        if (t.contains("/")) {
            Cidr cidr = Cidr.parse(t);
            if (cidr.network().length != 4) {
                throw new IllegalArgumentException("'" + text + "': a sweep range must be IPv4");
            }
            long base = toLong(cidr.network()) & mask(cidr.prefix());
            long size = 1L << (32 - cidr.prefix());
            first = size > 2 ? base + 1 : base;
            last = size > 2 ? base + size - 2 : base + size - 1;
        } else if (dash > 0) {
            first = ipv4(text, t.substring(0, dash));
            last = ipv4(text, t.substring(dash + 1));
        } else {
            first = ipv4(text, t);
            last = first;
        }
        if (last < first) {
            throw new IllegalArgumentException("'" + text + "': the range ends before it starts");
        }
        if (last - first + 1 > MAX_ADDRESSES) {
            throw new IllegalArgumentException("'" + text + "' has " + (last - first + 1) + " addresses; a sweep range has at most "
                    + MAX_ADDRESSES + " (a /20)");
        }
        return new AddressRange(t, first, last);
    }

    public int size() {
        return (int) (last - first + 1);
    }

    public List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>(size());
        for (long a = first; a <= last; a++) {
            out.add(toAddress(a));
        }
        return out;
    }

    /**
     * Whether the networks are configured and allow every address of the range: a range cannot reach outside them, nor
     * a special address (loopback, link-local, multicast) they do not name explicitly. At most 4096 checks, in memory.
     */
    public boolean within(CameraNetworks networks) {
        return refusal(networks) == null;
    }

    /** Why the range may not be probed (its first address the policy refuses, and why), or null when it may. */
    public String refusal(CameraNetworks networks) {
        if (networks.networks().isEmpty()) {
            return "no camera networks are configured";
        }
        for (InetAddress a : addresses()) {
            String refusal = networks.refusal(a, -1);
            if (refusal != null) {
                return a.getHostAddress() + " " + refusal;
            }
        }
        return null;
    }

    private static long ipv4(String whole, String part) {
        String p = part.strip();
        if (!IPV4.matcher(p).matches()) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4 range (10.20.1.0/24 or 10.20.1.10-10.20.1.60)");
        }
        try {
            InetAddress a = InetAddress.getByName(p);
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("'" + whole + "' is not IPv4");
            }
            return toLong(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + whole + "' has an invalid address '" + p + "'");
        }
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static long toLong(byte[] b) {
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    private static InetAddress toAddress(long a) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
