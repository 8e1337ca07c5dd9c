package nl.poortwachter.recorder.secrets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import nl.poortwachter.recorder.storage.OwnerOnly;

/**
 * A 256-bit AES key for camera credentials, kept apart from the index that holds what it seals: in a file (base64,
 * mode 0600, outside the storage folder) or in an environment variable. Never printed: {@link #toString} names only
 * its id (the first 16 hex characters of its SHA-256, which tells nothing about the key).
 */
public final class CredentialKey {
    private static final int BYTES = 32;
    private final SecretKey key;
    private final String id;

    private CredentialKey(byte[] raw) {
        if (raw.length != BYTES) {
            throw new IllegalArgumentException("a credential key is 32 bytes (base64: 44 characters), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        try {
            this.id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CredentialKey generate() {
        byte[] raw = new byte[BYTES];
        new SecureRandom().nextBytes(raw);
        return new CredentialKey(raw);
    }

    /** @throws IllegalArgumentException when it is not base64 of 32 bytes (the message holds no key material) */
    public static CredentialKey fromBase64(String text) {
        try {
            return new CredentialKey(Base64.getDecoder().decode(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("a credential key") ? e.getMessage()
                    : "a credential key is base64 of 32 bytes");
        }
    }

    public static CredentialKey read(Path file) throws IOException {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /**
     * Writes the key to {@code file}, 0600, through a temporary file that is synced and renamed: the file holds the
     * old key or the new one, whole, whatever happens meanwhile.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = OwnerOnly.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key.getEncoded()) + "\n"));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a folder; the rename itself is atomic
        }
    }

    SecretKey secret() {
        return key;
    }

    public String id() {
        return id;
    }

    /** For an environment variable: base64 of the key. The only way the key leaves this object as text. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    @Override
    public String toString() {
        return "CredentialKey[id=" + id + "]";
    }
}
