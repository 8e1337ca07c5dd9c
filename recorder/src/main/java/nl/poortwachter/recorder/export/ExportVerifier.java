package nl.poortwachter.recorder.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks an exported MP4 against its manifest: the file's SHA-256, the manifest's signature, and whose key made it.
 * A valid signature by the key the manifest itself carries proves nothing: anyone can change a manifest and sign
 * it again with a key of their own. So an export is verified only against a trusted key (the gateway's).
 */
public final class ExportVerifier {

    /**
     * @param ok             the file matches, the signature is valid, and it was made by the trusted key
     * @param keyTrusted     true when the signing key equals the trusted key given to the verifier; without one it
     *                       is false and so is {@code ok}: the signer is unverified
     * @param signingKeySha256 hex SHA-256 of the signing key in the manifest (X.509 DER), to compare with a pinned
     *                       fingerprint; null when unsigned
     */
    public record Result(boolean ok, boolean hashMatches, boolean signed, boolean signatureValid, boolean keyTrusted,
                         String signingKeySha256, String expectedSha256, String actualSha256, List<String> problems) {
    }

    private ExportVerifier() {
    }

    /** @param trustedKey the gateway's public key (X.509 DER); null checks integrity only, and is never {@code ok} */
    public static Result verify(Path mp4, byte[] manifestJson, byte[] trustedKey) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode envelope;
        try {
            envelope = CanonicalJson.MAPPER.readTree(manifestJson);
        } catch (IOException e) {
            return new Result(false, false, false, false, false, null, null, null, List.of("the manifest is not JSON"));
        }
        JsonNode manifest = envelope.path("manifest");
        if (!manifest.isObject() || !Manifests.FORMAT.equals(manifest.path("format").asText())) {
            return new Result(false, false, false, false, false, null, null, null,
                    List.of("not a manifest of format " + Manifests.FORMAT));
        }
        String expected = manifest.path("file").path("sha256").asText(null);
        String actual = sha256(mp4);
        boolean hashMatches = expected != null && expected.equalsIgnoreCase(actual);
        if (!hashMatches) {
            problems.add("the file's SHA-256 " + actual + " differs from the manifest's " + expected);
        }
        long bytes = manifest.path("file").path("bytes").asLong(-1);
        if (bytes != Files.size(mp4)) {
            problems.add("the file has " + Files.size(mp4) + " bytes, the manifest says " + bytes);
        }
        JsonNode sig = envelope.path("signature");
        boolean signed = sig.isObject();
        boolean valid = false;
        boolean trusted = false;
        String keySha256 = null;
        if (!signed) {
            problems.add("the manifest is not signed");
        } else {
            try {
                byte[] key = Base64.getDecoder().decode(sig.path("publicKey").asText(""));
                keySha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
                trusted = trustedKey != null && Arrays.equals(key, trustedKey);
                if (trustedKey == null) {
                    problems.add("the signer is unverified: no trusted key was given, and anyone can sign a manifest"
                            + " with a key of their own");
                } else if (!trusted) {
                    problems.add("the manifest was signed with another key than the trusted one");
                }
                PublicKey pk = KeyFactory.getInstance(sig.path("algorithm").asText()).generatePublic(new X509EncodedKeySpec(key));
                Signature verifier = Signature.getInstance(sig.path("algorithm").asText());
                verifier.initVerify(pk);
                @SuppressWarnings("unchecked")
                Map<String, Object> asMap = CanonicalJson.MAPPER.convertValue(manifest, Map.class);
                verifier.update(CanonicalJson.bytes(asMap));
                valid = verifier.verify(Base64.getDecoder().decode(sig.path("value").asText("")));
                if (!valid) {
                    problems.add("the signature does not match the manifest: the manifest was changed or signed by another key");
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                problems.add("the signature cannot be checked: " + e.getMessage());
            }
        }
        boolean ok = hashMatches && signed && valid && trusted && problems.isEmpty();
        return new Result(ok, hashMatches, signed, valid, trusted, keySha256, expected, actual, List.copyOf(problems));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = ExportWriter.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
