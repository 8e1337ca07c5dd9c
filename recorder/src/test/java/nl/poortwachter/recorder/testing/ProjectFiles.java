package nl.poortwachter.recorder.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository from any module's working directory. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("src/simulator/camera_sim.py")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root (with src/simulator/camera_sim.py) not found above " + Path.of("").toAbsolutePath());
    }
}
