package nl.poortwachter.recorder.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Structured log lines: an event name and key=value pairs, values redacted. Example:
 * {@code camera.state camera=gate-1 state=backoff error="connection refused"}.
 */
public final class Log {
    private final Logger logger;

    private Log(String name) {
        this.logger = Logger.getLogger(name);
    }

    public static Log of(Class<?> type) {
        return new Log(type.getName());
    }

    public void info(String event, Object... kv) {
        log(Level.INFO, event, null, kv);
    }

    public void warn(String event, Object... kv) {
        log(Level.WARNING, event, null, kv);
    }

    public void error(String event, Throwable t, Object... kv) {
        log(Level.SEVERE, event, t, kv);
    }

    public void debug(String event, Object... kv) {
        log(Level.FINE, event, null, kv);
    }

    public boolean debugEnabled() {
        return logger.isLoggable(Level.FINE);
    }

    private void log(Level level, String event, Throwable t, Object... kv) {
        if (!logger.isLoggable(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=');
            String v = String.valueOf(kv[i + 1]);
            if (v.isEmpty() || v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
                sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            } else {
                sb.append(v);
            }
        }
        if (t != null) {
            sb.append(" exception=").append(t.getClass().getSimpleName())
                    .append(" cause=\"").append(String.valueOf(t.getMessage()).replace("\"", "'")).append('"');
        }
        logger.log(level, Redactor.redact(sb.toString()));
    }
}
