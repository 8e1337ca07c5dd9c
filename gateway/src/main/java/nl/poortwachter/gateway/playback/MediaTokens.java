package nl.poortwachter.gateway.playback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token on every media URL of a playlist: it binds the byte ranges a player fetches to the playlist request
 * that was authorised and written to the audit log (same camera, same user, for a few hours). So segment files
 * are reachable only through a logged playback, on top of the login and grant checked on each request.
 * The key is random per process: a restart ends outstanding playlists, which players simply reload.
 */
final class MediaTokens {
    static final Duration VALIDITY = Duration.ofHours(4);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key = new byte[32];
    private final Clock clock;

    MediaTokens(Clock clock) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
    }

    String issue(String cameraId, String userId) {
        long expires = clock.instant().plus(VALIDITY).getEpochSecond();
        return expires + "." + B64.encodeToString(mac(cameraId, userId, expires));
    }

    boolean valid(String token, String cameraId, String userId) {
        if (token == null || token.length() > 100) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (expires < clock.instant().getEpochSecond()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(cameraId, userId, expires));
    }

    private byte[] mac(String cameraId, String userId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((cameraId + "\n" + userId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256", e);
        }
    }
}
