package nl.poortwachter.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.Optional;
import nl.poortwachter.recorder.storage.OwnerOnly;

/**
 * The gateway's Ed25519 key for signing audit checkpoints (JDK only). Made at first start in
 * {@code <storage>/keys/} (0700): {@code audit-signing.key} (PKCS#8 PEM) and {@code audit-signing.pub}
 * (SubjectPublicKeyInfo PEM, what auditors keep), both 0600. The private key never leaves that file.
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

    /**
     * The key in {@code dir}, made there if there is none. Only for a log that is new: a gateway whose log has
     * entries never makes a key silently ({@link KeyCustody} decides, and raises the alarm).
     */
    public static SigningKey loadOrCreate(Path dir) throws IOException {
        Optional<SigningKey> existing = load(dir);
        return existing.isPresent() ? existing.get() : create(dir);
    }

    /** The key in {@code dir}, if its private key file exists; an unusable one is an error, not "none". */
    public static Optional<SigningKey> load(Path dir) throws IOException {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (!Files.exists(priv)) {
            return Optional.empty();
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey p = kf.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(priv))));
            PublicKey q = kf.generatePublic(new X509EncodedKeySpec(pem(Files.readString(pub))));
            SigningKey k = new SigningKey(p, q);
            k.selfTest();
            return Optional.of(k);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("audit signing key in " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    /** Makes a new key pair in {@code dir} (0700), both files 0600 from their first byte. */
    public static SigningKey create(Path dir) throws IOException {
        try {
            OwnerOnly.createDirectories(dir);
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            OwnerOnly.writeNew(dir.resolve(PRIVATE_FILE), toPem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            OwnerOnly.writeNew(dir.resolve(PUBLIC_FILE), toPem("PUBLIC KEY", kp.getPublic().getEncoded()));
            return new SigningKey(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an audit signing key in " + dir + ": " + e.getMessage(), e);
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
        return parsePublicDer(pem(pem));
    }

    public static PublicKey parsePublicDer(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    public static String keyIdOf(PublicKey key) {
        return fingerprintOf(key).substring(0, 16);
    }

    /**
     * The key's fingerprint: hex SHA-256 of its SubjectPublicKeyInfo (X.509 DER), the same as {@code VerifyExport}
     * prints for a manifest's signer. An auditor pins it; the key id is its first 16 characters.
     */
    public static String fingerprintOf(PublicKey key) {
        try {
            return Canonical.hex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String fingerprint() {
        return fingerprintOf(publicKey);
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
