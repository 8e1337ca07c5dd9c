package nl.poortwachter.recorder.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals camera passwords for the index with AES-256-GCM (JDK only): {@code pwc1:<key id>:<base64(nonce ‖ ciphertext
 * ‖ tag)>}, a fresh 96-bit nonce each time, the camera's id as associated data (a sealed password copied onto another
 * camera does not open). Seals with the current key; opens with any key of the ring, so that passwords sealed before
 * a rotation that did not finish still open.
 */
public final class CredentialCipher {
    static final String PREFIX = "pwc1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** No key: stored passwords that are sealed cannot be opened, and none can be sealed (tools, some tests). */
    public static final CredentialCipher NONE = new CredentialCipher(null, List.of());

    private final CredentialKey current;
    private final Map<String, CredentialKey> ring = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param others keys that may still open old values (a rotation under way) */
    public CredentialCipher(CredentialKey current, List<CredentialKey> others) {
        this.current = current;
        if (current != null) {
            ring.put(current.id(), current);
        }
        others.forEach(k -> ring.putIfAbsent(k.id(), k));
    }

    public boolean canSeal() {
        return current != null;
    }

    /** The id of the key new values are sealed with, or null. */
    public String keyId() {
        return current == null ? null : current.id();
    }

    public String seal(String cameraId, String password) {
        if (current == null) {
            throw new IllegalStateException("no credential key is configured: camera passwords cannot be stored");
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, current.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(cameraId));
            byte[] sealed = c.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length
                    + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a camera password: " + e.getMessage(), e);
        }
    }

    /**
     * @throws SealedCredentialException when it cannot be opened: sealed with a key this ring lacks, changed, or
     *                                   copied from another camera (the message names the key id, nothing else)
     */
    public String open(String cameraId, String sealed) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !sealed.startsWith(PREFIX)) {
            throw new SealedCredentialException(cameraId, "its stored password is not in a sealed form this gateway "
                    + "knows");
        }
        CredentialKey key = ring.get(parts[1]);
        if (key == null) {
            throw new SealedCredentialException(cameraId, "its password was sealed with credential key " + parts[1]
                    + ", which is not configured" + (current == null ? "" : " (the key now is " + current.id() + ")"));
        }
        try {
            byte[] all = Base64.getDecoder().decode(parts[2]);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(aad(cameraId));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealedCredentialException(cameraId, "its sealed password does not open with credential key "
                    + key.id() + ": it was changed, or belongs to another camera");
        }
    }

    private static byte[] aad(String cameraId) {
        return ("poortwachter camera_credential " + cameraId).getBytes(StandardCharsets.UTF_8);
    }
}
