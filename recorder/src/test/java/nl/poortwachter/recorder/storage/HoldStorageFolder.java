package nl.poortwachter.recorder.storage;

import java.nio.file.Path;

/** A second process for {@link StorageFolderTest}: locks the folder, says so, and holds it until stdin closes. */
public final class HoldStorageFolder {
    private HoldStorageFolder() {
    }

    public static void main(String[] args) throws Exception {
        try (StorageFolder folder = StorageFolder.open(Path.of(args[0]))) {
            System.out.println("locked " + folder.id());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin (or kills us)
            }
        }
    }
}
