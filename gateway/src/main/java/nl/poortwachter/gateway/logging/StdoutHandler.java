package nl.poortwachter.gateway.logging;

import java.io.PrintStream;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes formatted records to standard output and flushes each one. Services log to stdout so that systemd's
 * journal or a container runtime collects them; JUL's ConsoleHandler writes to stderr and buffers.
 */
final class StdoutHandler extends Handler {
    private final PrintStream out;

    StdoutHandler(PrintStream out) {
        this.out = out;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        synchronized (this) {
            out.print(line);
            out.flush();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
