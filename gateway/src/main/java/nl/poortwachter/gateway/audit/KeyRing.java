package nl.poortwachter.gateway.audit;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys a log's checkpoints may be signed with, by key id: every key that has signed for this log
 * (table {@code signing_key}) and the gateway's current one. A checkpoint whose key is not here, or whose signature
 * fails, is not believed. Which keys an auditor trusts is another matter: {@link #pinned}.
 */
public final class KeyRing {
    private final Map<String, PublicKey> byId;

    private KeyRing(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static KeyRing of(Collection<PublicKey> keys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            m.put(SigningKey.keyIdOf(k), k);
        }
        return new KeyRing(m);
    }

    /** The keys the log knows, and {@code current} (may be null: an offline check without the key folder). */
    public static KeyRing of(AuditStore store, PublicKey current) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (AuditStore.StoredKey k : store.signingKeys()) {
            try {
                m.put(k.keyId(), SigningKey.parsePublicDer(Base64.getDecoder().decode(k.publicKey())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // an unreadable row is no key: checkpoints signed with it fail, which verification reports
            }
        }
        if (current != null) {
            m.put(SigningKey.keyIdOf(current), current);
        }
        return new KeyRing(m);
    }

    /** This ring and {@code more} (e.g. the keys an auditor brings). */
    public KeyRing plus(Collection<PublicKey> more) {
        Map<String, PublicKey> m = new LinkedHashMap<>(byId);
        for (PublicKey k : more) {
            m.put(SigningKey.keyIdOf(k), k);
        }
        return new KeyRing(m);
    }

    /** Whether the checkpoint is signed by a key of this ring, and the signature holds. */
    public boolean verifies(Checkpoint c) {
        PublicKey k = byId.get(c.keyId());
        return k != null && SigningKey.verify(k, c.message(), c.signature());
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** Fingerprint of a key id of this ring, or null. */
    public String fingerprint(String keyId) {
        PublicKey k = byId.get(keyId);
        return k == null ? null : SigningKey.fingerprintOf(k);
    }

    /** Only the keys whose fingerprints (hex SHA-256 of the public key) an auditor pinned. */
    public KeyRing pinned(Set<String> fingerprints) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        byId.forEach((id, k) -> {
            if (fingerprints.contains(SigningKey.fingerprintOf(k))) {
                m.put(id, k);
            }
        });
        return new KeyRing(m);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }
}
