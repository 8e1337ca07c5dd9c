package nl.poortwachter.recorder.logging;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.LogRecord;

/**
 * One log event, one line: {@code 2026-11-23T20:00:00.123Z INFO  gateway.http msg="request" method=GET status=200}.
 * One line per event keeps logs greppable and lets a collector ship them without multi-line parsing; stack traces
 * are folded into a quoted {@code stack=} field, and a newline in a value (say, a client-supplied path) is escaped,
 * so nobody can forge a second entry. The whole line passes {@link #clean} last, so that a credential in a
 * third-party message (Vert.x, Netty, FFmpeg) or an exception text is masked too.
 */
public final class LineFormatter extends StructuredFormatter {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public LineFormatter(List<SecretMask> masks) {
        super(masks);
    }

    /** Without masks beyond the {@link Redactor}: for configuration by name (java.util.logging properties, tests). */
    public LineFormatter() {
        this(List.of());
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(record.getInstant())).append(' ');
        String level = levelName(record.getLevel());
        line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
        line.append(loggerName(record.getLoggerName())).append(' ');
        appendQuoted(line.append("msg="), message(record));
        LogFields fields = LogFields.of(record);
        for (int i = 0; fields != null && i < fields.size(); i++) {
            line.append(' ').append(fields.key(i)).append('=');
            appendValue(line, fields.value(i));
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            appendQuoted(line.append(" error="), thrown.toString());
            appendQuoted(line.append(" stack="), stackOf(thrown));
        }
        return clean(line.toString()) + System.lineSeparator();
    }

    /** Bare when the value is a plain token, quoted with escapes otherwise. */
    static void appendValue(StringBuilder out, String value) {
        if (!value.isEmpty() && value.chars().allMatch(LineFormatter::isPlain)) {
            out.append(value);
        } else {
            appendQuoted(out, value);
        }
    }

    private static boolean isPlain(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '=';
    }
}
