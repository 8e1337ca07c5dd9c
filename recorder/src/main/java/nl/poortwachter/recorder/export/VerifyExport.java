package nl.poortwachter.recorder.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Command line: checks an exported MP4 against its manifest, without the gateway running.
 * <pre>
 * java -cp "gateway/target/lib/*" nl.poortwachter.recorder.export.VerifyExport EXPORT.mp4 EXPORT.manifest.json [--public-key KEY]
 * </pre>
 * KEY is the gateway's public key (PEM, or base64 of the X.509 DER), e.g. from {@code GET /api/v1/exports/public-key}.
 * Without it the file and signature are still checked, but the signer is unverified (anyone can re-sign a changed
 * manifest with a key of their own), so the answer is NOT VERIFIED.
 * Exit status: 0 verified, 1 not verified (also: no trusted key given), 2 wrong usage or unreadable input.
 */
public final class VerifyExport {
    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--public-key"))) {
            err.println("usage: VerifyExport EXPORT.mp4 EXPORT.manifest.json [--public-key KEY-FILE]");
            return 2;
        }
        try {
            byte[] trusted = args.length == 4 ? readKey(Path.of(args[3])) : null;
            ExportVerifier.Result r = ExportVerifier.verify(Path.of(args[0]), Files.readAllBytes(Path.of(args[1])), trusted);
            out.println("sha256 " + r.actualSha256() + (r.hashMatches() ? " matches the manifest" : " DOES NOT match the manifest"));
            if (r.signed()) {
                out.println("signature " + (r.signatureValid() ? "valid" : "INVALID") + " by key SHA256:"
                        + r.signingKeySha256() + (trusted == null
                        ? " (signer UNVERIFIED: pass --public-key with the gateway's key to check whose key it is)"
                        : r.keyTrusted() ? " (signed by the trusted key)" : " (NOT the trusted key)"));
            }
            for (String p : r.problems()) {
                out.println("problem: " + p);
            }
            out.println(r.ok() ? "VERIFIED" : "NOT VERIFIED");
            return r.ok() ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    static byte[] readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }
}
