package nl.poortwachter.gateway.playback;

import java.util.Base64;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.recorder.export.ManifestSigner;

/**
 * Export manifests are signed with the gateway's Ed25519 key (the one that signs audit checkpoints), so one
 * published public key checks both.
 */
public final class KeySigner implements ManifestSigner {
    private final SigningKey key;

    public KeySigner(SigningKey key) {
        this.key = key;
    }

    @Override
    public String algorithm() {
        return "Ed25519";
    }

    @Override
    public String keyId() {
        return key.keyId();
    }

    @Override
    public byte[] publicKey() {
        return key.publicKey().getEncoded();
    }

    @Override
    public byte[] sign(byte[] data) {
        return Base64.getDecoder().decode(key.sign(data));
    }
}
