package nl.poortwachter.gateway.audit;

import java.nio.charset.StandardCharsets;

/**
 * A signed statement "the log had {@code seq} entries and entry {@code seq} had hash {@code hash}". With it, an
 * auditor detects entries cut off the end of the log, which the chain alone cannot show.
 *
 * @param signature base64 Ed25519 signature over {@link #message()}
 * @param keyId     first 16 hex characters of SHA-256 of the public key (SubjectPublicKeyInfo DER)
 */
public record Checkpoint(long seq, String hash, long timeMillis, String keyId, String signature) {

    public byte[] message() {
        return message(seq, hash, timeMillis);
    }

    public static byte[] message(long seq, String hash, long timeMillis) {
        return ("poortwachter-audit-checkpoint-v1\n" + seq + "\n" + hash + "\n" + timeMillis + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
