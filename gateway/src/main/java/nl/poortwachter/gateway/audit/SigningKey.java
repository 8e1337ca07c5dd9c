package nl.poortwachter.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The gateway's Ed25519 key for signing audit checkpoints (JDK only). Made at first start in
 * {@code <storage>/keys/}: {@code audit-signing.key} (PKCS#8 PEM, mode 0600) and {@code audit-signing.pub}
 * (SubjectPublicKeyInfo PEM, what auditors keep). The private key never leaves that file.
 */
public final class SigningKey {
    public static final String PRIVATE_FILE = "audit-signing.key";
    public static final String PUBLIC_FILE = "audit-signing.pub";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyIdOf(publicKey);
    }

    public static SigningKey loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            if (Files.exists(priv)) {
                KeyFactory kf = KeyFactory.getInstance("Ed25519");
                PrivateKey p = kf.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(priv))));
                PublicKey q = kf.generatePublic(new X509EncodedKeySpec(pem(Files.readString(pub))));
                SigningKey k = new SigningKey(p, q);
                k.selfTest();
                return k;
            }
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            writePrivate(priv, toPem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            Files.writeString(pub, toPem("PUBLIC KEY", kp.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            return new SigningKey(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("audit signing key in " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    /** Created with 0600 from the first byte, not chmod-ed afterwards: no moment where others could read it. */
    private static void writePrivate(Path file, String pem) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while creating it", e);
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the operator secures the folder
        }
    }

    private void selfTest() throws GeneralSecurityException {
        byte[] probe = "self-test".getBytes(StandardCharsets.US_ASCII);
        if (!verify(publicKey, probe, sign(probe))) {
            throw new GeneralSecurityException("the public key does not belong to the private key");
        }
    }

    public String sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, String signatureB64) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(Base64.getDecoder().decode(signatureB64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyPem() {
        return toPem("PUBLIC KEY", publicKey.getEncoded());
    }

    public static PublicKey parsePublicPem(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(pem)));
    }

    public static String keyIdOf(PublicKey key) {
        return fingerprintOf(key).substring(0, 16);
    }

    /** SHA-256 of the public key (SubjectPublicKeyInfo DER), hex: what an auditor compares with a copy they keep. */
    public String fingerprint() {
        return fingerprintOf(publicKey);
    }

    private static String fingerprintOf(PublicKey key) {
        try {
            return Canonical.hex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toPem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(String text) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + "]";
    }
}
