package nl.poortwachter.gateway.logging;

import nl.poortwachter.recorder.logging.Redactor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One log event, one line: {@code 2026-11-23T20:00:00.123Z INFO  gateway.http msg="request" method=GET status=200}.
 * One line per event keeps logs greppable and lets a collector ship them without multi-line parsing; stack traces
 * are folded into a quoted {@code stack=} field. Every line passes the {@link Redactor} last (and a mask for session
 * tokens), so that a credential
 * in a third-party message (Vert.x, Netty, FFmpeg) or an exception text is masked too.
 */
public final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String OWN_PREFIX = "nl.poortwachter.";
    /** Session tokens have a recognisable shape; should one ever reach a message, it is masked like a password. */
    private static final Pattern SESSION_TOKEN = Pattern.compile(nl.poortwachter.gateway.auth.Sessions.TOKEN_PATTERN);
    /** An event name with at least one dot, then optional key=value pairs: the recorder's log convention. */
    private static final Pattern RECORDER_EVENT =
            Pattern.compile("([a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)+)((?: [A-Za-z_][A-Za-z0-9_.]*=.*)?)", Pattern.DOTALL);

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(record.getInstant())).append(' ');
        String level = levelName(record.getLevel());
        line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
        line.append(loggerName(record.getLoggerName())).append(' ');
        String message = formatMessage(record);
        if (message == null) {
            message = "";
        }
        Matcher event = RECORDER_EVENT.matcher(message);
        if (message.startsWith("msg=")) {
            // Our own Kv-built messages are already escaped; only a stray newline could break the line.
            line.append(oneLine(message));
        } else if (event.matches()) {
            // The recorder's Log writes "camera.added camera=x ..."; give it the same shape as ours.
            line.append("msg=\"").append(event.group(1)).append('"').append(oneLine(event.group(2)));
        } else {
            Kv.appendQuoted(line.append("msg="), message);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.append(" error=");
            Kv.appendQuoted(line, thrown.toString());
            StringWriter stack = new StringWriter();
            thrown.printStackTrace(new PrintWriter(stack));
            line.append(" stack=");
            Kv.appendQuoted(line, stack.toString().strip());
        }
        return SESSION_TOKEN.matcher(Redactor.redact(line.toString())).replaceAll("pwt_***") + System.lineSeparator();
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** {@code nl.poortwachter.gateway.http.AccessLog} becomes {@code gateway.http}: the module and area, not the class. */
    static String loggerName(String name) {
        if (name == null || name.isEmpty()) {
            return "root";
        }
        if (name.startsWith(OWN_PREFIX)) {
            String rest = name.substring(OWN_PREFIX.length());
            String[] parts = rest.split("\\.");
            if (parts.length >= 2 && Character.isUpperCase(parts[parts.length - 1].charAt(0))) {
                return String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1));
            }
            return rest;
        }
        return name;
    }
}
