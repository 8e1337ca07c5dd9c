package nl.poortwachter.recorder.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.recorder.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a node finds a segment file's bytes (D77): its own folder; another node's folder when shared storage is
 * mounted and has the file (also while that node is down); else streamed from that node while it is alive; else
 * unavailable.
 */
class FootageLocatorTest {
    static final String FILE = "c1/2026/12/06/20261206T110000.000Z.mp4";

    @TempDir
    Path dir;

    private FootageLocator locator(Path peerStorage, Map<String, String> alive) {
        return new FootageLocator("node-a", new StorageLayout(dir.resolve("own")), peerStorage,
                node -> Optional.ofNullable(alive.get(node)));
    }

    @Test
    void ownFilesAreReadHereWhateverTheOtherNodesDo() {
        FootageLocator.Place p = locator(null, Map.of()).place("node-a", FILE);
        assertEquals(dir.resolve("own").resolve(FILE), p.path());
        assertTrue(p.available());
        assertEquals(dir.resolve("own").resolve(FILE), FootageLocator.local(new StorageLayout(dir.resolve("own")))
                .place(null, FILE).path(), "the embedded gateway's rows name no node");
    }

    @Test
    void anotherNodesFileIsStreamedFromItWhileItIsAliveAndUnavailableWhenItIsNot() {
        FootageLocator.Place alive = locator(null, Map.of("node-b", "10.0.8.12:5703")).place("node-b", FILE);
        assertNull(alive.path());
        assertEquals(new SourceFile.Remote("node-b", "10.0.8.12:5703"), alive.remote());
        FootageLocator.Place down = locator(null, Map.of()).place("node-b", FILE);
        assertFalse(down.available());
        assertEquals("node-b", down.node());
    }

    @Test
    void sharedStorageIsReadWhenItHasTheFileAlsoWhileTheNodeIsDown() throws Exception {
        Path shared = dir.resolve("shared");
        Path mounted = shared.resolve("node-b").resolve(FILE);
        Files.createDirectories(mounted.getParent());
        Files.write(mounted, new byte[] {1, 2, 3});
        FootageLocator.Place p = locator(shared, Map.of()).place("node-b", FILE);
        assertEquals(mounted, p.path());
        assertTrue(p.available());
        // A file the mount does not have (not copied yet, or the mount is gone): from the node, if it is alive.
        FootageLocator.Place notThere = locator(shared, Map.of("node-c", "10.0.8.13:5703")).place("node-c", FILE);
        assertNull(notThere.path());
        assertEquals("node-c", notThere.remote().node());
    }
}
