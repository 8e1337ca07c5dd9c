package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing key of a log with entries is never replaced silently (issue 10 item 5): a missing key folder gives a
 * new key, but as an alarm in the chain naming old and new; a foreign key in the folder is the same alarm; the keys
 * that signed earlier checkpoints stay known (table signing_key), and an auditor who pins a fingerprint sees verify
 * fail on any other key.
 */
class KeyCustodyTest {
    @TempDir
    Path dir;

    private Path keys() {
        return dir.resolve("keys");
    }

    private void deleteKeys() throws Exception {
        try (Stream<Path> files = Files.walk(keys())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private AuditFixture reopen() throws Exception {
        return new AuditFixture(dir, Clock.systemUTC(), 4);
    }

    @Test
    void aNewLogGetsItsKeySilentlyAndKeepsItsPublicKeyWithTheFirstCheckpoint() throws Exception {
        try (AuditFixture f = AuditFixture.tenEntries(dir)) {
            assertNull(f.writer.alarm());
            List<AuditStore.StoredKey> stored = f.store.signingKeys();
            assertEquals(1, stored.size());
            assertEquals(f.key.fingerprint(), stored.get(0).fingerprint());
            assertEquals(64, f.key.fingerprint().length());
            assertTrue(f.key.fingerprint().startsWith(f.key.keyId()));
        }
    }

    @Test
    void aMissingKeyOfALogWithEntriesIsAnAlarmNamingOldAndNew() throws Exception {
        String old;
        try (AuditFixture f = AuditFixture.tenEntries(dir)) {
            old = f.key.fingerprint();
        }
        deleteKeys();
        try (AuditFixture f = reopen()) {
            String made = f.key.fingerprint();
            assertNotEquals(old, made);
            assertTrue(Files.exists(keys().resolve(SigningKey.PRIVATE_FILE)), "the log must go on: a key was made");
            LogAlarm alarm = f.writer.alarm();
            assertNotNull(alarm, "never silently");
            assertEquals(LogAlarm.KEY_REPLACED, alarm.problems().get(0).kind());
            assertTrue(alarm.summary().contains(made) && alarm.summary().contains(old.substring(0, 16)), alarm.summary());
            assertThrows(ExecutionException.class, () -> f.log.camera(AuditFixture.ctx("ina", "integrator"),
                    "camera.update", "cam-1", AuditLog.OK, null).get());
            AuditEntry login = f.log.loginSucceeded(AuditFixture.ctx("root", "admin"), "s").get();
            assertEquals(LogEvents.ALARM, f.store.entry(login.seq() - 1).orElseThrow().action(), "in the chain");

            // The old checkpoints still verify with the kept public key; a pinned auditor sees the new key.
            assertTrue(f.verify().ok(), f.verify().toString());
            VerifyReport pinnedOld = new ChainVerifier(f.store, f.key.publicKey()).verify(List.of(), Set.of(old));
            assertFalse(pinnedOld.ok());
            assertTrue(pinnedOld.problem().contains(made) && pinnedOld.problem().contains("not a pinned key"),
                    pinnedOld.problem());
            assertTrue(new ChainVerifier(f.store, f.key.publicKey()).verify(List.of(), Set.of(old, made)).ok());
        }
    }

    @Test
    void theIssuesAttackKeysDeletedChainRehashedCheckpointsGoneIsCaught() throws Exception {
        String old;
        try (AuditFixture f = AuditFixture.tenEntries(dir)) {
            old = f.key.fingerprint();
            f.tamper(f.rechained(3, "someone-else"));
            f.tamper("DELETE FROM checkpoint", "DELETE FROM signing_key");
        }
        deleteKeys();
        try (AuditFixture f = reopen()) {
            assertNotNull(f.writer.alarm(), "a log with entries and no key: loud, not a silent new key");
            assertEquals(LogAlarm.KEY_REPLACED, f.writer.alarm().problems().get(0).kind());
            VerifyReport pinned = new ChainVerifier(f.store, f.key.publicKey()).verify(List.of(), Set.of(old));
            assertFalse(pinned.ok(), "the auditor's pinned key no longer signs: " + pinned);
        }
    }

    @Test
    void aForeignKeyInTheKeyFolderIsAnAlarm() throws Exception {
        AuditFixture.tenEntries(dir).close();
        SigningKey other = SigningKey.create(dir.resolve("elsewhere"));
        for (String file : List.of(SigningKey.PRIVATE_FILE, SigningKey.PUBLIC_FILE)) {
            Files.copy(dir.resolve("elsewhere").resolve(file), keys().resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (AuditFixture f = reopen()) {
            assertEquals(other.fingerprint(), f.key.fingerprint());
            assertNotNull(f.writer.alarm());
            assertEquals(LogAlarm.KEY_CHANGED, f.writer.alarm().problems().get(0).kind());
        }
    }

    @Test
    void pinnedVerificationAcceptsThePinnedKeyAndFailsOnAnother() throws Exception {
        try (AuditFixture f = AuditFixture.tenEntries(dir)) {
            ChainVerifier v = new ChainVerifier(f.store, f.key.publicKey());
            VerifyReport own = v.verify(List.of(), Set.of(f.key.fingerprint()));
            assertTrue(own.ok(), own.toString());
            assertTrue(own.pinned());
            assertEquals(List.of(f.key.fingerprint()), own.signers());
            String stranger = SigningKey.create(dir.resolve("stranger")).fingerprint();
            VerifyReport other = v.verify(List.of(), Set.of(stranger));
            assertFalse(other.ok());
            assertEquals(4L, other.firstBadSeq(), "the first checkpoint no pinned key signed: " + other);
            assertTrue(other.problem().contains("not a pinned key"), other.problem());
        }
    }
}
