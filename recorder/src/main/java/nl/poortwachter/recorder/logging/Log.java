package nl.poortwachter.recorder.logging;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one logging facade of the recorder and the gateway: a message and key/value pairs, for example
 * {@code Log.of(Recorder.class).info("camera.added", "camera", id, "url", url)}. The pairs travel as
 * {@link LogFields} on a java.util.logging record, so that the line format (text or JSON lines) is chosen where the
 * process configures its output, and libraries that log through java.util.logging (Vert.x, Netty, FFmpeg via
 * {@link FfmpegLog}) reach the same output. A value of null leaves its key out. Nothing here writes or waits: what a
 * record costs the caller is decided by the handler the process installs (the gateway's queues it).
 */
public final class Log {
    private final Logger logger;

    private Log(String name) {
        this.logger = Logger.getLogger(name);
    }

    public static Log of(Class<?> type) {
        return new Log(type.getName());
    }

    public void info(String message, Object... kv) {
        log(Level.INFO, message, null, kv);
    }

    public void warn(String message, Object... kv) {
        log(Level.WARNING, message, null, kv);
    }

    public void warn(String message, Throwable t, Object... kv) {
        log(Level.WARNING, message, t, kv);
    }

    public void error(String message, Object... kv) {
        log(Level.SEVERE, message, null, kv);
    }

    public void error(String message, Throwable t, Object... kv) {
        log(Level.SEVERE, message, t, kv);
    }

    public void debug(String message, Object... kv) {
        log(Level.FINE, message, null, kv);
    }

    public boolean debugEnabled() {
        return logger.isLoggable(Level.FINE);
    }

    private void log(Level level, String message, Throwable t, Object... kv) {
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger.getName());
        r.setParameters(new Object[] {LogFields.of(kv)});
        r.setThrown(t);
        logger.log(r);
    }
}
