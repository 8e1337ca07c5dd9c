package nl.poortwachter.recorder.playback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * Where this node finds the bytes of a segment file (D77): in its own storage folder; in another node's folder when
 * shared storage is mounted here ({@code cluster.peerStorage}); from the node that holds it, when that node is alive;
 * or nowhere for now (that node is down: the footage is unavailable, not missing).
 */
public final class FootageLocator {
    /** The embedded single node: every file is its own. */
    public static FootageLocator local(StorageLayout layout) {
        return new FootageLocator(null, layout, null, node -> Optional.empty());
    }

    /**
     * @param path    where it is read here, or null
     * @param remote  the node to stream it from, or null
     * @param node    the node that holds it (null on the embedded gateway)
     */
    public record Place(Path path, SourceFile.Remote remote, String node) {
        public boolean available() {
            return path != null || remote != null;
        }
    }

    private final String self;
    private final StorageLayout layout;
    private final Path peerStorage;
    private final Function<String, Optional<String>> liveAddress;

    /**
     * @param self        this node's id (null: the embedded gateway)
     * @param peerStorage every node's storage folder mounted as {@code <peerStorage>/<node-id>/}, or null
     * @param liveAddress where a live node serves footage; empty for a node that is down
     */
    public FootageLocator(String self, StorageLayout layout, Path peerStorage,
                          Function<String, Optional<String>> liveAddress) {
        this.self = self;
        this.layout = layout;
        this.peerStorage = peerStorage;
        this.liveAddress = liveAddress;
    }

    public Place place(SegmentRecord r) {
        return place(r.nodeId(), r.path());
    }

    /**
     * @param node     the node whose storage folder holds the file (null: the embedded gateway's own)
     * @param relative the file's path in that folder, as the index has it
     */
    public Place place(String node, String relative) {
        if (node == null || node.equals(self)) {
            return new Place(layout.resolve(relative), null, node);
        }
        if (peerStorage != null) {
            Path mounted = new StorageLayout(peerStorage.resolve(node)).resolve(relative);
            if (Files.isRegularFile(mounted)) {
                return new Place(mounted, null, node);
            }
        }
        return liveAddress.apply(node).map(a -> new Place(null, new SourceFile.Remote(node, a), node))
                .orElse(new Place(null, null, node));
    }
}
