package nl.poortwachter.recorder.camera;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Only rtsp:// and rtsps:// reach FFmpeg. FFmpeg accepts many pseudo-protocols (file:, concat:, subfile:,
 * lavfi:, pipe:, data:, http:) that would let a camera URL read local files or run filters, so anything
 * else is refused here, before it is stored; {@code ingest.GrabberOptions} also sets FFmpeg's
 * protocol_whitelist as a second wall. The scheme is case-insensitive (RFC 3986 section 3.1): {@code RTSP://} is
 * the same URL and is stored in lower case.
 *
 * <p>The host is resolved and every address it has must be one the {@link AddressPolicy} allows (no loopback,
 * link-local, multicast or unspecified address, not the gateway's own port, inside {@code cameraNetworks} when
 * configured). Names can resolve differently later: {@link #allows} is asked again before every connection.
 */
public final class RtspUrlPolicy {
    private static final int MAX_LENGTH = 2048;
    private static final int RTSP_PORT = 554;
    private static final int RTSPS_PORT = 322;

    private final AddressPolicy addresses;

    /** Only these networks (empty: any), and no special address (the secure default). */
    public RtspUrlPolicy(List<Cidr> allowedNetworks) {
        this(AddressPolicy.of(allowedNetworks));
    }

    public RtspUrlPolicy(AddressPolicy addresses) {
        this.addresses = addresses;
    }

    public AddressPolicy addresses() {
        return addresses;
    }

    /**
     * Whether the gateway may connect to this address: every reader asks before each connection, also those a
     * camera's redirect leads to (docs/decisions.md D40, D49).
     */
    public boolean allows(InetAddress address) {
        return addresses.allows(address);
    }

    /** The URL split into a credential-free URL and the credentials it carried (URL-decoded), if any. */
    public record CheckedUrl(String url, String username, String password) {
        @Override
        public String toString() {
            return "CheckedUrl[url=" + url + ", credentials=" + (username == null ? "none" : "***") + "]";
        }
    }

    public CheckedUrl check(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidCameraException("url", "is required (rtsp://host[:port]/path)");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidCameraException("url", "is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidCameraException("url", "must not contain whitespace or control characters");
            }
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new InvalidCameraException("url", "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
            throw new InvalidCameraException("url", "must start with rtsp:// or rtsps:// (got "
                    + (scheme.isEmpty() ? "a relative URL" : "'" + scheme + ":'") + ")");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidCameraException("url", "must name a camera host: rtsp://host[:port]/path");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidCameraException("url", "must not contain a '#' fragment");
        }
        String host = uri.getHost();
        checkAddresses(host, uri.getPort() > 0 ? uri.getPort() : scheme.equals("rtsps") ? RTSPS_PORT : RTSP_PORT);
        String username = null;
        String password = null;
        String rawUserInfo = uri.getRawUserInfo();
        if (rawUserInfo != null) {
            int colon = rawUserInfo.indexOf(':');
            username = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
        }
        StringBuilder clean = new StringBuilder(scheme).append("://").append(uri.getRawAuthority()
                .substring(rawUserInfo == null ? 0 : rawUserInfo.length() + 1));
        if (uri.getRawPath() != null) {
            clean.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            clean.append('?').append(uri.getRawQuery());
        }
        return new CheckedUrl(clean.toString(), username, password);
    }

    /**
     * Why the gateway must not connect to this (stored, once checked) URL now, or null: its host is resolved again,
     * since a name may point elsewhere than when the camera was saved. A name that does not resolve is left to the
     * connection to report.
     */
    public String refusalNow(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "the URL is not valid: " + e.getReason();
        }
        String host = uri.getHost();
        if (host == null) {
            return "the URL names no host";
        }
        try {
            checkAddresses(host, uri.getPort() > 0 ? uri.getPort()
                    : "rtsps".equalsIgnoreCase(uri.getScheme()) ? RTSPS_PORT : RTSP_PORT);
            return null;
        } catch (InvalidCameraException e) {
            return "camera address not allowed: " + e.getMessage();
        }
    }

    /** Refuses a host any of whose addresses the policy does not allow at this port. */
    private void checkAddresses(String host, int port) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            if (addresses.networks().isEmpty()) {
                return; // no address to judge now (a camera not yet in DNS): judged before every connection
            }
            throw new InvalidCameraException("url", "host '" + host + "' cannot be resolved");
        }
        for (InetAddress address : resolved) {
            String refusal = addresses.refusal(address, port);
            if (refusal != null) {
                throw new InvalidCameraException("url", "host '" + host + "' (" + address.getHostAddress() + ") "
                        + refusal);
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
