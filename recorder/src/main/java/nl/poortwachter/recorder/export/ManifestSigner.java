package nl.poortwachter.recorder.export;

/**
 * Signs export manifests with the gateway's key. The recorder does not hold keys (and does not depend on the
 * gateway): the gateway implements this over its Ed25519 key and hands it to the recorder.
 */
public interface ManifestSigner {
    /** JCA name of the signature algorithm, e.g. {@code Ed25519}. */
    String algorithm();

    /** Names the key, so a verifier can pick the right public key when keys are rotated. */
    String keyId();

    /** The public key, X.509 SubjectPublicKeyInfo (DER). */
    byte[] publicKey();

    byte[] sign(byte[] data);
}
