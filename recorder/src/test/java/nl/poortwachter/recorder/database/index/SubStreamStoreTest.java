package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import nl.poortwachter.recorder.secrets.SealedCredentialException;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A camera's sub-stream in the index (version 11, D89), on both dialects: it comes back as stored, its password is
 * sealed (bound to the sub-stream: it does not open as the main password), an update replaces or removes it, a
 * rotation re-seals it, and it goes with its camera.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class SubStreamStoreTest {
    private static final String SUB_PASSWORD = "Kl31n-Beeld!";

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;

    private static CameraSpec camera(String id, SubStream sub) {
        return new CameraSpec(id, "Camera " + id, "rtsp://192.0.2.1/main", "viewer", "Hoofd-1!", null, null, null, null,
                "avg-building-security", 28, true, Transport.tcp).withSubStream(sub);
    }

    private static CredentialCipher cipher(CredentialKey key) {
        return new CredentialCipher(key, List.of());
    }

    private IndexDatabase open(TestDatabases dbs, CredentialKey key) {
        return IndexDatabase.open(dbs.connector("index", IndexDatabase.SQLITE), null, null, cipher(key));
    }

    private static String text(TestDatabases dbs, String sql) throws Exception {
        try (Connection c = dbs.raw("index"); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aSubStreamIsStoredWithItsPasswordSealedReplacedRotatedAndRemovedWithItsCamera() throws Exception {
        TestDatabases dbs = kind.in(dir);
        CredentialKey key = CredentialKey.generate();
        CredentialKey next = CredentialKey.generate();
        SubStream sub = new SubStream("rtsp://192.0.2.1/sub", "kijker", SUB_PASSWORD);
        try (IndexDatabase index = open(dbs, key)) {
            assertTrue(index.cameras().insert(camera("markt", sub)));
            assertTrue(index.cameras().insert(camera("kerk", null)));
            assertEquals(sub, index.cameras().find("markt").orElseThrow().subStream());
            assertNull(index.cameras().find("kerk").orElseThrow().subStream());
            String sealed = text(dbs, "SELECT password_sealed FROM camera_sub_stream WHERE camera_id = 'markt'");
            assertTrue(sealed.startsWith("pwc1:"), sealed);
            assertFalse(sealed.contains(SUB_PASSWORD));
            assertEquals("rtsp://192.0.2.1/sub", text(dbs, "SELECT url FROM camera_sub_stream WHERE camera_id = 'markt'"));

            assertEquals(3, index.resealCredentials(cipher(next)), "two main passwords and one sub-stream's");
        }
        try (IndexDatabase index = open(dbs, next)) {
            assertEquals(sub, index.cameras().find("markt").orElseThrow().subStream(), "opens with the new key");
            SubStream open = new SubStream("rtsp://192.0.2.1/sub2", null, null);
            assertTrue(index.cameras().update(camera("markt", open)));
            assertEquals(open, index.cameras().find("markt").orElseThrow().subStream());
            assertTrue(index.cameras().update(camera("markt", sub)));
            assertTrue(index.cameras().update(camera("kerk", sub)));
            assertTrue(index.cameras().update(camera("markt", null)));
            assertNull(index.cameras().find("markt").orElseThrow().subStream(), "an update without one removes it");
            assertTrue(index.cameras().delete("kerk"));
            assertEquals(0, dbs.number("index", "SELECT COUNT(*) FROM camera_sub_stream"), "gone with its camera");
        }
    }

    @Test
    void aSealedSubStreamPasswordDoesNotOpenAsTheMainPassword() throws Exception {
        TestDatabases dbs = kind.in(dir);
        CredentialKey key = CredentialKey.generate();
        try (IndexDatabase index = open(dbs, key)) {
            index.cameras().insert(camera("markt", new SubStream("rtsp://192.0.2.1/sub", "kijker", SUB_PASSWORD)));
            String sealed = text(dbs, "SELECT password_sealed FROM camera_sub_stream WHERE camera_id = 'markt'");
            dbs.execute("index", "UPDATE camera_credential SET password_sealed = '" + sealed + "' WHERE camera_id = 'markt'");
            assertThrows(SealedCredentialException.class, () -> index.cameras().find("markt"));
        }
    }
}
