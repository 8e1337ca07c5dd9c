package nl.poortwachter.media.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTSP authentication as cameras do it (RFC 2617 Digest with MD5, or Basic): answers a 401's challenge.
 * Digest is preferred when the camera offers both, so the password does not cross the network.
 * The header values this builds are secret-bearing (Basic) or replayable and must never be logged.
 */
final class RtspAuth {
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final String password;
    private String scheme;
    private Map<String, String> challenge = Map.of();
    private int nonceCount;

    RtspAuth(String username, String password) {
        this.username = username;
        this.password = password == null ? "" : password;
    }

    boolean hasCredentials() {
        return username != null;
    }

    boolean challenged() {
        return scheme != null;
    }

    /** Takes the challenge of a 401. @return false if none of its schemes is one we can answer */
    boolean accept(List<String> wwwAuthenticate) {
        String basic = null;
        for (String value : wwwAuthenticate) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "Digest ", 0, 7)) {
                Map<String, String> params = params(v.substring(7));
                String algorithm = params.getOrDefault("algorithm", "MD5");
                if (algorithm.equalsIgnoreCase("MD5") && params.containsKey("nonce")) {
                    scheme = "Digest";
                    challenge = params;
                    nonceCount = 0;
                    return true;
                }
            } else if (v.regionMatches(true, 0, "Basic", 0, 5)) {
                basic = v;
            }
        }
        if (basic != null) {
            scheme = "Basic";
            return true;
        }
        return false;
    }

    /** The Authorization header for a request, or null before any challenge. */
    String authorization(String method, String uri) {
        if (scheme == null || username == null) {
            return null;
        }
        if (scheme.equals("Basic")) {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String realm = challenge.getOrDefault("realm", "");
        String nonce = challenge.get("nonce");
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder h = new StringBuilder("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri)).append('"');
        String qop = challenge.get("qop");
        if (qop != null && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth")) {
            String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
            byte[] c = new byte[8];
            RANDOM.nextBytes(c);
            String cnonce = HexFormat.of().formatHex(c);
            h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2))
                    .append("\", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        } else {
            h.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        if (challenge.containsKey("opaque")) {
            h.append(", opaque=\"").append(quote(challenge.get("opaque"))).append('"');
        }
        h.append(", algorithm=MD5");
        return h.toString();
    }

    static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        Matcher m = PARAM.matcher(s);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            out.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return out;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
