package nl.poortwachter.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import nl.poortwachter.recorder.secrets.CredentialSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway rotate-credential-key} (issue 10 item 12): every stored camera password is sealed with a new key in
 * one go and the key file replaced; it is refused while a gateway uses the storage, and with the key in the
 * environment it asks for the new one there. The key file is 0600, beside the storage folder, not in it.
 */
class RotateCredentialKeyTest {
    @TempDir
    Path tmp;

    private String run(GatewayConfig config, int expectedExit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RotateCredentialKey.run(config, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, text);
        return text;
    }

    @Test
    void everyPasswordIsSealedWithANewKeyAndTheFileReplaced() throws Exception {
        GatewayConfig config;
        Path keyFile;
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            config = gateway.config();
            keyFile = config.toRecorderConfig().credentials().file();
            assertFalse(keyFile.startsWith(config.storageDir()), keyFile.toString());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keyFile)));
            Http integrator = Logins.user(new Http(gateway.baseUrl()), "ina", "integrator", List.of());
            Map<String, Object> cam = new HashMap<>(TestGateway.camera("markt", "avg-building-security"));
            cam.put("username", "viewer");
            cam.put("password", "Markt-Wachtwoord-1");
            assertEquals(201, integrator.post("/api/v1/cameras", cam).statusCode());
            assertTrue(run(config, 1).contains("in use by another gateway"), "not while a gateway runs");
        }
        CredentialKey before = CredentialKey.read(keyFile);
        String said = run(config, 0);
        CredentialKey after = CredentialKey.read(keyFile);
        assertNotEquals(before.id(), after.id());
        assertTrue(said.contains("sealed 1 camera password with credential key " + after.id() + " (was " + before.id()),
                said);
        assertFalse(Files.exists(config.toRecorderConfig().credentials().nextFile()), "the new key took the file's place");
        Path index = config.toRecorderConfig().databaseFile();
        try (IndexDatabase db = IndexDatabase.open(index, null, new CredentialCipher(after, List.of()))) {
            assertEquals("Markt-Wachtwoord-1", db.cameras().find("markt").orElseThrow().password());
        }
        try (Gateway again = TestGateway.start(tmp, "")) {
            assertEquals(200, Logins.admin(new Http(again.baseUrl())).get("/api/v1/cameras/markt").statusCode(),
                    "the gateway starts with the new key and reads its cameras");
        }
    }

    @Test
    void withTheKeyInTheEnvironmentTheNewOneComesFromThereToo() throws Exception {
        GatewayConfig config;
        try (Gateway gateway = TestGateway.start(tmp, "")) {
            config = gateway.config();
        }
        var rc = config.toRecorderConfig();
        String envKey = CredentialKey.generate().toBase64();
        GatewayConfig fromEnv = new GatewayConfig(config.source(), config.httpHost(), config.httpPort(),
                rc.toBuilder().credentials(new CredentialSource(rc.credentials().file(), envKey, null)).build(),
                config.auth(), config.audit(), config.logFormat());
        assertTrue(run(fromEnv, 1).contains(CredentialSource.ENV_NEW), "asks for the new key");
    }
}
