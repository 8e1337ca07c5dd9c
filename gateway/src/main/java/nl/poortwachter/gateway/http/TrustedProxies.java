package nl.poortwachter.gateway.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.Cidr;

/**
 * The client address of a request: the peer of the connection, or, when that peer is a configured reverse proxy
 * ({@code auth.trustedProxies}), the address it forwarded in {@code X-Forwarded-For}. A header from anyone else is
 * ignored: a client could write any address into it. The list is read from the right, where each trusted proxy
 * appended the address it was connected from; the first address that is not itself a trusted proxy is the client
 * (entries further left were written by the client and prove nothing). An entry that is not a numeric address
 * ends the walk at the last address a trusted proxy vouched for.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    public static final String HEADER = "X-Forwarded-For";
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Cidr> networks;

    public TrustedProxies(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    /** @param forwardedFor every {@code X-Forwarded-For} header of the request, in order */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (peer == null || networks.isEmpty() || !trusted(numeric(peer))) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress a = numeric(hops.get(i));
            if (a == null) {
                return client;
            }
            client = a.getHostAddress();
            if (!trusted(a)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress a) {
        return a != null && networks.stream().anyMatch(n -> n.contains(a));
    }

    /** A literal address, also as {@code [v6]:port} or {@code v4:port}; null for anything else (never a DNS lookup). */
    static InetAddress numeric(String s) {
        String t = s;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            t = close < 0 ? "" : t.substring(1, close);
        } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0) {
            t = t.substring(0, t.indexOf(':')); // a.b.c.d:port
        }
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
