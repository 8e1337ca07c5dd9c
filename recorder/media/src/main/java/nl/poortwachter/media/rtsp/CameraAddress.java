package nl.poortwachter.media.rtsp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import nl.poortwachter.media.rtsp.RtspException.Kind;

/** Where an rtsp:// URL points: resolved once and checked, so that the client connects to exactly the address checked. */
final class CameraAddress {
    private CameraAddress() {
    }

    /**
     * The URL's host resolved to its first address that {@code allowed} accepts, at the URL's port (554 by default).
     *
     * @throws RtspException not a URL, no host, unknown host, or no address of the host allowed
     */
    static InetSocketAddress resolve(String url, Predicate<InetAddress> allowed) throws RtspException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RtspException(Kind.error, "not a valid RTSP URL");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new RtspException(Kind.error, "the RTSP URL has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 554;
        return new InetSocketAddress(allowedAddressOf(host, allowed), port);
    }

    /** The first address of the host that {@code allowed} accepts (also for where a camera redirects to). */
    static InetAddress allowedAddressOf(String host, Predicate<InetAddress> allowed) throws RtspException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new RtspException(Kind.unreachable, "unknown host", e);
        }
        for (InetAddress a : all) {
            if (allowed.test(a)) {
                return a;
            }
        }
        throw new RtspException(Kind.not_allowed, "the address of " + host + " (" + all[0].getHostAddress()
                + ") is outside the allowed camera networks; not connected");
    }
}
