package nl.poortwachter.gateway.testing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import nl.poortwachter.gateway.logging.LineFormatter;

/**
 * Collects everything logged in this JVM twice: as the formatter writes it (what reaches disk) and raw (the
 * message before redaction), so a test can tell "never logged" from "logged and masked".
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final StringBuffer formatted = new StringBuffer();
    private final StringBuffer raw = new StringBuffer();
    private final LineFormatter formatter = new LineFormatter();
    private final Logger root = LogManager.getLogManager().getLogger("");

    public LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        formatted.append(formatter.format(record));
        raw.append(formatter.formatMessage(record)).append('\n');
        if (record.getThrown() != null) {
            raw.append(record.getThrown()).append('\n');
        }
    }

    public String formatted() {
        return formatted.toString();
    }

    public String raw() {
        return raw.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
