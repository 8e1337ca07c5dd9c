package nl.poortwachter.recorder.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import nl.poortwachter.recorder.export.ManifestSigner;

/** Signs export manifests with an Ed25519 key pair made by a test, as the gateway does with its own key. */
public final class TestSigner {
    private TestSigner() {
    }

    public static ManifestSigner of(KeyPair kp) {
        return new ManifestSigner() {
            @Override
            public String algorithm() {
                return "Ed25519";
            }

            @Override
            public String keyId() {
                return "test-key";
            }

            @Override
            public byte[] publicKey() {
                return kp.getPublic().getEncoded();
            }

            @Override
            public byte[] sign(byte[] data) {
                try {
                    Signature s = Signature.getInstance("Ed25519");
                    s.initSign(kp.getPrivate());
                    s.update(data);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
