package nl.poortwachter.recorder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.testing.TestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify CLI as an outsider runs it. An intact file and a valid signature prove nothing about who signed:
 * anyone can re-sign a changed manifest with a key of their own and put that key in it. So without a trusted
 * key the CLI says the signer is unverified and exits non-zero; with one, a foreign key fails.
 */
class VerifyExportTest {
    @TempDir
    Path dir;

    private record Run(int status, String out) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VerifyExport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private Path manifest(String name, Path mp4, String purpose, KeyPair key) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", Manifests.FORMAT);
        m.put("exportId", "0123456789abcdef0123456789abcdef");
        m.put("purpose", purpose);
        m.put("file", Map.of("name", "export.mp4", "bytes", Files.size(mp4), "sha256", ExportVerifier.sha256(mp4)));
        return Files.writeString(dir.resolve(name), Manifests.signed(m, TestSigner.of(key)));
    }

    private Path pem(String name, KeyPair key) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    }

    @Test
    void aManifestReSignedWithAnotherKeyIsNeverVerified() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
        KeyPair gateway = gen.generateKeyPair();
        KeyPair forger = gen.generateKeyPair();
        Path mp4 = Files.write(dir.resolve("export.mp4"), "not really a film, but bytes with a hash".getBytes());
        Path genuine = manifest("genuine.json", mp4, "aangifte 42", gateway);
        Path forged = manifest("forged.json", mp4, "iets anders", forger);
        Path gatewayKey = pem("gateway.pub", gateway);

        Run ok = run(mp4.toString(), genuine.toString(), "--public-key", gatewayKey.toString());
        assertEquals(0, ok.status(), ok.out());
        assertTrue(ok.out().lines().anyMatch(l -> l.equals("VERIFIED")), ok.out());

        for (Path manifest : List.of(forged, genuine)) {
            Run unpinned = run(mp4.toString(), manifest.toString());
            assertEquals(1, unpinned.status(), "no trusted key, no verdict: " + unpinned.out());
            assertTrue(unpinned.out().contains("signer UNVERIFIED"), unpinned.out());
            assertFalse(unpinned.out().lines().anyMatch(l -> l.equals("VERIFIED")), unpinned.out());
        }
        Run pinned = run(mp4.toString(), forged.toString(), "--public-key", gatewayKey.toString());
        assertEquals(1, pinned.status(), pinned.out());
        assertTrue(pinned.out().contains("NOT the trusted key"), pinned.out());

        ExportVerifier.Result r = ExportVerifier.verify(mp4, Files.readAllBytes(forged), null);
        assertFalse(r.ok(), r.toString());
        assertTrue(r.hashMatches() && r.signatureValid() && !r.keyTrusted(), r.toString());
    }
}
