package nl.poortwachter.recorder.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * WS-Security UsernameToken with a password digest, as ONVIF devices require:
 * {@code Base64(SHA-1(nonce + created + password))} with a fresh random nonce per message, so the password
 * never crosses the network. {@code created} must be close to the camera's clock, so the caller passes the time
 * on the camera's clock ({@link OnvifDevice} measures the offset first).
 */
final class UsernameToken {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String DIGEST_TYPE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private static final String BASE64_TYPE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    private static final SecureRandom RANDOM = new SecureRandom();

    private UsernameToken() {
    }

    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The {@code wsse:Security} header for one message. */
    static String header(String username, String password, Instant cameraNow) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = cameraNow.truncatedTo(ChronoUnit.SECONDS).toString();
        return "<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"" + WSSE + "\" xmlns:wsu=\"" + WSU + "\">"
                + "<wsse:UsernameToken><wsse:Username>" + SafeXml.escape(username) + "</wsse:Username>"
                + "<wsse:Password Type=\"" + DIGEST_TYPE + "\">" + digest(nonce, created, password) + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"" + BASE64_TYPE + "\">" + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                + "<wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }
}
