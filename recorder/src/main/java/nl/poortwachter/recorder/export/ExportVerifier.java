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

/** Checks an exported MP4 against its manifest: the file's SHA-256, and the manifest's signature. */
public final class ExportVerifier {

    /**
     * @param keyTrusted true when the signing key equals the trusted key given to the verifier; without one, the
     *                   key in the manifest is used and this is false (the signature then only proves integrity)
     */
    public record Result(boolean ok, boolean hashMatches, boolean signed, boolean signatureValid, boolean keyTrusted,
                         String expectedSha256, String actualSha256, List<String> problems) {
    }

    private ExportVerifier() {
    }

    /** @param trustedKey the gateway's public key (X.509 DER), or null to rely on the key in the manifest */
    public static Result verify(Path mp4, byte[] manifestJson, byte[] trustedKey) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode envelope;
        try {
            envelope = CanonicalJson.MAPPER.readTree(manifestJson);
        } catch (IOException e) {
            return new Result(false, false, false, false, false, null, null, List.of("the manifest is not JSON"));
        }
        JsonNode manifest = envelope.path("manifest");
        if (!manifest.isObject() || !Manifests.FORMAT.equals(manifest.path("format").asText())) {
            return new Result(false, false, false, false, false, null, null,
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
        if (!signed) {
            problems.add("the manifest is not signed");
        } else {
            try {
                byte[] key = Base64.getDecoder().decode(sig.path("publicKey").asText(""));
                trusted = trustedKey != null && Arrays.equals(key, trustedKey);
                if (trustedKey != null && !trusted) {
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
        boolean ok = hashMatches && signed && valid && problems.isEmpty();
        return new Result(ok, hashMatches, signed, valid, trusted, expected, actual, List.copyOf(problems));
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
