package nl.poortwachter.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import nl.poortwachter.recorder.database.ForeignDatabaseException;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users of a gateway from before the numbered migrations (no version; historic/auth-unversioned.sql is the old
 * code's DDL verbatim) are kept and brought to the newest version, with the schema of a fresh database.
 */
class UserStoreUpgradeTest {
    static final String STORAGE_ID = "5b2f0f8e-7d0c-4d64-9a8e-2b9d77c1a0f3";

    @TempDir
    Path dir;

    @Test
    void anUnversionedUserDatabaseKeepsItsUsersAndGetsTheSchemaOfAFreshOne() throws Exception {
        Path old = dir.resolve("auth.db");
        SqliteFiles.runScript(old, "historic/auth-unversioned.sql");
        try (UserStore users = new UserStore(old, STORAGE_ID)) {
            User olga = users.byName("Olga").orElseThrow();
            assertEquals(Role.OPERATOR, olga.role());
            assertEquals(Set.of("gate", "yard"), olga.grants());
            users.update(new User(olga.id(), olga.username(), olga.role(), olga.passwordHash(), true, Set.of("gate"),
                    olga.createdMillis()));
        }
        Path fresh = dir.resolve("fresh.db");
        new UserStore(fresh, STORAGE_ID).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals(SqliteFiles.schema(fresh), SqliteFiles.schema(old));
        assertEquals(UserStore.SCHEMA.version(), SqliteFiles.number(old, "PRAGMA user_version"));
        try (UserStore users = new UserStore(old, STORAGE_ID)) {
            assertEquals(Set.of("gate"), users.byName("olga").orElseThrow().grants(), "the change was durable");
        }
        assertThrows(ForeignDatabaseException.class, () -> new UserStore(old, "00000000-0000-4000-8000-000000000001"));
    }

    @Test
    void theUsersAreOpenedWithFullSyncAndForeignKeys() throws Exception {
        try (var c = UserStore.connector(dir.resolve("auth.db")).openWriter(); var s = c.createStatement()) {
            try (var rs = s.executeQuery("PRAGMA synchronous")) {
                assertEquals(2, rs.getInt(1), "FULL");
            }
            try (var rs = s.executeQuery("PRAGMA foreign_keys")) {
                assertEquals(1, rs.getInt(1));
            }
            try (var rs = s.executeQuery("PRAGMA journal_mode")) {
                assertTrue(rs.getString(1).equals("wal"));
            }
        }
    }
}
