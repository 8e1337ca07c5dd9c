package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import nl.poortwachter.gateway.check.StorageRefusal;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.database.ForeignDatabaseException;
import nl.poortwachter.recorder.storage.StorageInUseException;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 item 14: one gateway per storage folder, and databases that belong to their folder. */
class StorageFolderGatewayTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondGatewayOnTheSameFolderIsRefusedWhileTheFirstRuns() throws Exception {
        Path storage = tmp.resolve("storage");
        try (Gateway first = TestGateway.start(tmp, "")) {
            StorageInUseException e = assertThrows(StorageInUseException.class, () -> TestGateway.start(tmp, ""));
            assertTrue(e.getMessage().startsWith("storage folder " + storage + " is in use by another gateway (pid "),
                    e.getMessage());
            assertEquals(e, StorageRefusal.of(new IllegalStateException("wrapped", e)), "found for the one-line message");
            assertTrue(first.port() > 0);
        }
        TestGateway.start(tmp, "").close();
    }

    @Test
    void anAuditLogOfAnotherStorageFolderIsRefused() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TestGateway.start(a, "").close();
        TestGateway.start(b, "").close();
        String idA = Files.readString(a.resolve("storage").resolve("storage.id")).strip();
        // A restored backup of the wrong disk's audit log.
        Path audit = b.resolve("storage").resolve("audit.db");
        Files.deleteIfExists(audit.resolveSibling("audit.db-wal"));
        Files.deleteIfExists(audit.resolveSibling("audit.db-shm"));
        Files.copy(a.resolve("storage").resolve("audit.db"), audit, StandardCopyOption.REPLACE_EXISTING);
        Exception e = assertThrows(Exception.class, () -> TestGateway.start(b, ""));
        RuntimeException refusal = StorageRefusal.of(e);
        assertTrue(refusal instanceof ForeignDatabaseException, String.valueOf(e));
        assertTrue(refusal.getMessage().startsWith("audit database " + audit + " belongs to storage folder " + idA),
                refusal.getMessage());
        assertEquals(idA, SqliteFiles.text(audit, "SELECT storage_id FROM storage_binding"), "left as it was");
        assertEquals(1, SqliteFiles.number(audit, "SELECT COUNT(*) FROM storage_binding"));
    }
}
