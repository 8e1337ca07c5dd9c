package nl.poortwachter.recorder.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * Log output of test JVMs in the same line format as the gateway's (so the test output shows each event's
 * key/values, redacted), on stderr, synchronously. Named by the build as {@code java.util.logging.config.class};
 * JUL calls this constructor to read its configuration.
 */
public final class TestLogging {
    private static final String CONFIG = """
            handlers=java.util.logging.ConsoleHandler
            .level=INFO
            io.netty.level=INFO
            java.util.logging.ConsoleHandler.level=ALL
            java.util.logging.ConsoleHandler.formatter=nl.poortwachter.recorder.logging.LineFormatter
            """;

    public TestLogging() {
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
