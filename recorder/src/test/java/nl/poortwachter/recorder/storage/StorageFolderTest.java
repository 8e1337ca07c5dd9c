package nl.poortwachter.recorder.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per storage folder, and a folder that knows who it is. */
class StorageFolderTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartMakesAnIdentityThatLaterStartsRead() throws Exception {
        Path storage = dir.resolve("storage");
        String id;
        try (StorageFolder folder = StorageFolder.open(storage)) {
            id = folder.id();
            assertEquals(id, UUID.fromString(id).toString());
            Path file = storage.resolve(StorageFolder.ID_FILE);
            assertEquals(id, Files.readString(file).strip());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(Files.readString(storage.resolve(StorageFolder.LOCK_FILE))
                    .startsWith("pid " + ProcessHandle.current().pid() + " on host "), "the lock names its holder");
        }
        try (StorageFolder again = StorageFolder.open(storage)) {
            assertEquals(id, again.id());
        }
        try (StorageFolder check = StorageFolder.openForCheck(storage)) {
            assertEquals(id, check.id());
        }
    }

    @Test
    void aCheckNeverMakesAnIdentity() throws Exception {
        try (StorageFolder check = StorageFolder.openForCheck(dir)) {
            assertNull(check.id());
        }
        assertTrue(Files.notExists(dir.resolve(StorageFolder.ID_FILE)));
    }

    @Test
    void aSecondUserInThisProcessIsRefusedUntilTheFirstLetsGo() {
        Path storage = dir.resolve("storage");
        StorageFolder first = StorageFolder.open(storage);
        StorageInUseException e = assertThrows(StorageInUseException.class, () -> StorageFolder.open(storage));
        assertTrue(e.getMessage().startsWith("storage folder " + storage + " is in use by another gateway (pid "
                + ProcessHandle.current().pid() + " on host "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertThrows(StorageInUseException.class, () -> StorageFolder.openForCheck(storage.resolve(".")));
        // The refused attempts did not take the first one's lock away.
        assertThrows(StorageInUseException.class, () -> StorageFolder.open(storage));
        first.close();
        StorageFolder.open(storage).close();
    }

    @Test
    void anotherProcessHoldingTheFolderIsNamedAndItsDeathFreesTheFolder() throws Exception {
        Path storage = dir.resolve("storage");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process other = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, HoldStorageFolder.class.getName(), storage.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine(); // the first start also logs that it made the folder's identity
            while (line != null && !line.startsWith("locked ")) {
                line = out.readLine();
            }
            assertTrue(line != null, "the other process ended without locking");
            StorageInUseException e = assertThrows(StorageInUseException.class, () -> StorageFolder.open(storage));
            assertTrue(e.getMessage().contains("(pid " + other.pid() + " on host "), e.getMessage());
            assertTrue(e.getMessage().contains(" since 20"), e.getMessage());
        } finally {
            other.destroyForcibly(); // kill -9: the kernel drops its lock
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        }
        try (StorageFolder mine = StorageFolder.open(storage)) {
            assertEquals(Files.readString(storage.resolve(StorageFolder.ID_FILE)).strip(), mine.id(), "same folder, same id");
        }
    }

    @Test
    void aDamagedIdentityFileIsRefusedWithWhatToDo() throws Exception {
        Files.writeString(dir.resolve(StorageFolder.ID_FILE), "not-a-uuid\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StorageFolder.open(dir));
        assertTrue(e.getMessage().contains("does not hold a storage identity"), e.getMessage());
        StorageFolder.open(dir.resolve("elsewhere")).close();
        Files.delete(dir.resolve(StorageFolder.ID_FILE));
        StorageFolder.open(dir).close(); // and the refusal let go of the lock
    }
}
