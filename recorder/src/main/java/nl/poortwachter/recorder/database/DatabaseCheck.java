package nl.poortwachter.recorder.database;

import java.util.ArrayList;
import java.util.List;

/**
 * What an offline check asks of every database, whatever it stores: is it at this build's schema version, does
 * the engine find it consistent, and does it belong to this storage folder. One line per problem.
 */
public final class DatabaseCheck {
    private DatabaseCheck() {
    }

    /**
     * @param db        opened with {@link Database#openReadOnly}
     * @param storageId the storage folder's identity, or null when the folder has none (reported by its own check)
     */
    public static List<String> problems(Database db, Schema schema, String storageId) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            String name = db.describe();
            int version = db.dialect().schemaVersion(c);
            if (version < schema.version()) {
                out.add(name + ": schema version " + version + ", this gateway expects " + schema.version()
                        + " (the next start migrates it)");
            } else if (version > schema.version()) {
                out.add(name + ": schema version " + version + " is newer than this gateway knows ("
                        + schema.version() + ")");
            }
            for (String p : db.dialect().integrityProblems(c)) {
                out.add(name + ": " + p);
            }
            List<String> bound = StorageBinding.read(c);
            if (bound.isEmpty()) {
                out.add(name + ": not bound to a storage folder yet (the next start binds it)");
            } else if (storageId == null) {
                out.add(name + ": belongs to storage folder " + bound.get(0) + ", but the folder has no identity file: "
                        + "if it is that folder, restore the file (its one line: " + bound.get(0) + ")");
            } else if (!bound.contains(storageId)) {
                out.add(StorageBinding.refusal(name, bound.get(0), storageId));
            }
            return out;
        });
    }
}
