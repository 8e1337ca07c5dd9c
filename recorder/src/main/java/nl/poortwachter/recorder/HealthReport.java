package nl.poortwachter.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** Whether storage and the index work; {@code healthy} only if both do. */
public record HealthReport(boolean healthy, Check storage, Check database) {

    public record Check(boolean ok, String detail) {
    }

    /** Writes and deletes a file in {@code root}, and asks the index for its health (segment count). */
    static HealthReport check(Path root, Supplier<Map<String, Object>> indexHealth) {
        Check storage;
        try {
            Path probe = Files.createTempFile(root, ".health", ".tmp");
            Files.delete(probe);
            var store = Files.getFileStore(root);
            storage = new Check(true, "writable; " + store.getUsableSpace() / (1024 * 1024) + " MiB free");
        } catch (IOException | RuntimeException e) {
            storage = new Check(false, "not writable: " + e.getMessage());
        }
        Check database;
        try {
            Map<String, Object> h = indexHealth.get();
            database = new Check(true, "ok; " + h.get("segments") + " segments indexed");
        } catch (RuntimeException e) {
            database = new Check(false, e.getMessage());
        }
        return new HealthReport(storage.ok() && database.ok(), storage, database);
    }
}
