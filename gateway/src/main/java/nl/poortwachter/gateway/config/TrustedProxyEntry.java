package nl.poortwachter.gateway.config;

import nl.poortwachter.recorder.camera.Cidr;

/** One entry of {@code auth.trustedProxies}: a network, or a single address as a network of one. */
final class TrustedProxyEntry {
    private TrustedProxyEntry() {
    }

    static Cidr parse(String entry) {
        String p = entry == null ? "" : entry.strip();
        return Cidr.parse(p.contains("/") ? p : p + (p.contains(":") ? "/128" : "/32"));
    }
}
