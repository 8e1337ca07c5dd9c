package nl.poortwachter.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.database.ForeignDatabaseException;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageInUseException;
import nl.poortwachter.recorder.testing.SqliteFiles;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder owns its storage folder: a second one on the same folder is refused while the first runs, and an
 * index that belongs to another storage folder (a restored backup of another disk, an unmounted disk) is refused
 * without being touched.
 */
class StorageFolderLockTest {
    @TempDir
    Path dir;

    private static Recorder start(RecorderConfig config) {
        return Recorder.start(config, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static RecorderConfig withIndex(RecorderConfig config, Path index) {
        return new RecorderConfig(config.storageDir(), index, config.segmentDuration(), config.ingest(),
                config.legalRegimes(), config.cameraNetworks(), config.cameraSpecialAddresses(), config.configuredCameras(),
                config.diskThreads(), config.passthroughPolicy(), config.transcode(), config.retention(), config.capacity(),
                config.credentials(), config.cluster());
    }

    @Test
    void aSecondRecorderOnTheSameFolderIsRefusedWhileTheFirstRuns() {
        RecorderConfig config = TestRecorders.config(dir, Duration.ofSeconds(3));
        // Even with an index of its own: two recorders in one folder would both write and delete there.
        RecorderConfig second = withIndex(config, dir.resolve("other-index.db"));
        try (Recorder first = start(config)) {
            StorageInUseException e = assertThrows(StorageInUseException.class, () -> start(second));
            assertTrue(e.getMessage().startsWith("storage folder " + config.storageDir().toAbsolutePath()
                    + " is in use by another gateway (pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("other-index.db")), "refused before it opened anything");
            first.syncIndex(); // the first one still works
        }
        start(second).close(); // free once the first stopped
    }

    @Test
    void anIndexOfAnotherStorageFolderIsRefusedUntouched() throws Exception {
        RecorderConfig a = TestRecorders.config(dir.resolve("a"), Duration.ofSeconds(3));
        RecorderConfig b = TestRecorders.config(dir.resolve("b"), Duration.ofSeconds(3));
        String idA;
        try (Recorder r = start(a)) {
            idA = r.storageId();
        }
        String idB;
        try (Recorder r = start(b)) {
            idB = r.storageId();
        }
        ForeignDatabaseException e = assertThrows(ForeignDatabaseException.class, () -> start(withIndex(b,
                a.databaseFile())));
        assertEquals("index database " + a.databaseFile().toAbsolutePath() + " belongs to storage folder " + idA
                + ", not to this storage folder (" + idB + "): it may be a backup of another disk, or the storage disk "
                + "is not mounted. Start with the storage folder it belongs to, or with this folder's own database",
                e.getMessage());
        assertEquals(1, SqliteFiles.number(a.databaseFile(), "SELECT COUNT(*) FROM storage_binding"));
        assertEquals(idA, SqliteFiles.text(a.databaseFile(), "SELECT storage_id FROM storage_binding"));
        // The refused start let go of the folder.
        try (StorageFolder folder = StorageFolder.open(b.storageDir())) {
            assertEquals(idB, folder.id());
        }

        // The storage disk not mounted: an empty folder where the footage should be. Its index is refused too.
        Path empty = dir.resolve("mountpoint");
        RecorderConfig unmounted = new RecorderConfig(empty, a.databaseFile(), a.segmentDuration(), a.ingest(),
                a.legalRegimes(), a.cameraNetworks(), a.cameraSpecialAddresses(), a.configuredCameras(),
                a.diskThreads(), a.passthroughPolicy(), a.transcode(), a.retention(), a.capacity(), a.credentials(), a.cluster());
        assertThrows(ForeignDatabaseException.class, () -> start(unmounted));
        start(a).close(); // the right folder still opens its index
    }
}
