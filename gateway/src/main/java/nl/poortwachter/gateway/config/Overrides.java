package nl.poortwachter.gateway.config;

import java.nio.file.Path;

/**
 * Settings from the command line or environment that win over the file, so that tests and e2e runs can use a
 * free port and temporary directories without writing a config file. Null means "not overridden".
 */
public record Overrides(Integer httpPort, Path storageDir, Path databaseFile) {
    public static Overrides none() {
        return new Overrides(null, null, null);
    }
}
