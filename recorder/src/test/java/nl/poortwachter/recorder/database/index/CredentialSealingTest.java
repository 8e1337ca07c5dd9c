package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import nl.poortwachter.recorder.secrets.SealedCredentialException;
import nl.poortwachter.recorder.testing.Bytes;
import nl.poortwachter.recorder.testing.SqliteFiles;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera passwords are stored sealed with a key kept apart (issue 10 item 12): the index file holds no password,
 * an index from before version 7 is sealed at the first start with a key (the plaintext gone from the file, not
 * only from the row), a password does not open with another key nor on another camera, and a rotation re-seals
 * every password in one transaction.
 */
class CredentialSealingTest {
    private static final String PASSWORD = "Gr0te-Markt-Camera!";

    @TempDir
    Path dir;

    private static CameraSpec camera(String id, String password) {
        return new CameraSpec(id, "Camera " + id, "rtsp://192.0.2.1/s", "viewer", password, null, null, null, null,
                "avg-building-security", 28, true, Transport.tcp);
    }

    private static CredentialCipher cipher(CredentialKey key) {
        return new CredentialCipher(key, List.of());
    }

    private boolean fileHolds(Path db, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (Path f : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            if (Files.exists(f) && Bytes.contains(Files.readAllBytes(f), needle)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aStoredPasswordIsSealedAndOpensOnlyWithItsKeyOnItsCamera() throws Exception {
        Path db = dir.resolve("index.db");
        CredentialKey key = CredentialKey.generate();
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(key))) {
            index.cameras().insert(camera("markt", PASSWORD));
            assertEquals(PASSWORD, index.cameras().find("markt").orElseThrow().password());
        }
        assertFalse(fileHolds(db, PASSWORD), "the index file holds no password");
        String sealed = SqliteFiles.text(db, "SELECT password_sealed FROM camera_credential WHERE camera_id = 'markt'");
        assertTrue(sealed.startsWith("pwc1:" + key.id() + ":"), sealed);
        assertNull(SqliteFiles.text(db, "SELECT password FROM camera_credential WHERE camera_id = 'markt'"));

        CredentialKey other = CredentialKey.generate();
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(other))) {
            SealedCredentialException e = assertThrows(SealedCredentialException.class,
                    () -> index.cameras().find("markt"));
            assertTrue(e.getMessage().contains(key.id()) && e.getMessage().contains(other.id()), e.getMessage());
        }
        // Copied onto another camera, it does not open: the camera's id is sealed with it.
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(key))) {
            index.cameras().insert(camera("kerk", "other-password-1"));
        }
        SqliteFiles.execute(db, "UPDATE camera_credential SET password_sealed = '" + sealed + "' WHERE camera_id = 'kerk'");
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(key))) {
            assertThrows(SealedCredentialException.class, () -> index.cameras().find("kerk"));
        }
        try (IndexDatabase index = IndexDatabase.open(db, null, CredentialCipher.NONE)) {
            assertThrows(RuntimeException.class, () -> index.cameras().insert(camera("zonder", PASSWORD)),
                    "without a key no password is stored at all");
        }
    }

    @Test
    void plaintextOfAnOlderIndexIsSealedAtTheFirstStartAndGoneFromTheFile() throws Exception {
        Path db = dir.resolve("old.db");
        for (int v = 1; v <= 4; v++) {
            SqliteFiles.runScript(db, "historic/index/v" + v + ".sql");
        }
        assertTrue(fileHolds(db, "secret"), "the old index holds camera 'gate''s password in plaintext");
        CredentialKey key = CredentialKey.generate();
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(key))) {
            assertEquals("secret", index.cameras().find("gate").orElseThrow().password());
        }
        assertNull(SqliteFiles.text(db, "SELECT password FROM camera_credential WHERE camera_id = 'gate'"));
        assertFalse(fileHolds(db, "secret"), "gone from the file (and its WAL), not only from the row");
    }

    @Test
    void aRotationReSealsEveryPasswordWithTheNewKey() throws Exception {
        Path db = dir.resolve("index.db");
        CredentialKey old = CredentialKey.generate();
        CredentialKey next = CredentialKey.generate();
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(old))) {
            index.cameras().insert(camera("markt", PASSWORD));
            index.cameras().insert(camera("kerk", "tweede-wachtwoord"));
            assertEquals(2, index.resealCredentials(cipher(next)));
        }
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(next))) {
            assertEquals(PASSWORD, index.cameras().find("markt").orElseThrow().password());
            assertEquals("tweede-wachtwoord", index.cameras().find("kerk").orElseThrow().password());
        }
        try (IndexDatabase index = IndexDatabase.open(db, null, cipher(old))) {
            assertThrows(SealedCredentialException.class, () -> index.cameras().find("markt"), "the old key is done");
        }
    }

    /** A cluster's shared index seals too: the SQLite-only way of overwriting freed bytes is not sent to PostgreSQL. */
    @Test
    void onPostgresqlPasswordsAreSealedAndRotated() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        CredentialKey old = CredentialKey.generate();
        CredentialKey next = CredentialKey.generate();
        try (IndexDatabase index = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, "node-a",
                cipher(old))) {
            index.cameras().insert(camera("markt", PASSWORD));
            assertEquals(PASSWORD, index.cameras().find("markt").orElseThrow().password());
            assertEquals(1, index.resealCredentials(cipher(next)));
        }
        try (IndexDatabase index = IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, "node-a",
                cipher(next))) {
            assertEquals(PASSWORD, index.cameras().find("markt").orElseThrow().password());
        }
        assertEquals(0, dbs.number("index", "SELECT COUNT(*) FROM camera_credential WHERE password IS NOT NULL"));
    }
}
