package nl.poortwachter.recorder.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where segment files live: {@code <storage>/<camera>/<yyyy>/<mm>/<dd>/<start>.mp4}, dates in UTC (no
 * daylight-saving ambiguity), the file named after its start instant, e.g. {@code 20261123T201500.123Z.mp4}.
 * Camera ids are restricted to [a-z0-9-], so no path can escape the storage folder.
 */
public final class StorageLayout {
    private static final DateTimeFormatter DAY_DIRS = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public StorageLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path cameraDir(String cameraId) {
        return root.resolve(cameraId);
    }

    public Path segmentFile(String cameraId, long startMillis) {
        Instant start = Instant.ofEpochMilli(startMillis);
        return cameraDir(cameraId).resolve(DAY_DIRS.format(start)).resolve(FILE.format(start) + ".mp4");
    }

    public Path dayDir(String cameraId, Instant day) {
        return cameraDir(cameraId).resolve(DAY_DIRS.format(day));
    }

    /** The path stored in the index: relative to the storage root, so the folder can move. */
    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path outside storage: " + relative);
        }
        return p;
    }
}
