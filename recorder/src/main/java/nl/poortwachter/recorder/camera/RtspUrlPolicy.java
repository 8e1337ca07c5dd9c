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
 * protocol_whitelist as a second wall.
 */
public final class RtspUrlPolicy {
    private static final int MAX_LENGTH = 2048;

    private final List<Cidr> allowedNetworks;

    public RtspUrlPolicy(List<Cidr> allowedNetworks) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
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
        checkNetwork(host);
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
     * Whether the gateway may connect to this address: every reader asks before each connection, including those a
     * camera's redirect leads to (docs/decisions.md D40). No networks configured means every address.
     */
    public boolean allows(InetAddress address) {
        return allowedNetworks.isEmpty() || allowedNetworks.stream().anyMatch(n -> n.contains(address));
    }

    private void checkNetwork(String host) {
        if (allowedNetworks.isEmpty()) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new InvalidCameraException("url", "host '" + host + "' cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (!allows(address)) {
                throw new InvalidCameraException("url", "host '" + host + "' (" + address.getHostAddress()
                        + ") is outside the allowed camera networks " + allowedNetworks);
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
