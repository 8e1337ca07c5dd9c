package nl.poortwachter.recorder.logging;

import java.util.List;
import java.util.Set;
import java.util.logging.LogRecord;

/**
 * The same events as {@link LineFormatter}, one JSON object per line (JSON Lines), for collectors that parse JSON:
 * {@code {"time":"2026-11-23T20:00:00.123Z","level":"INFO","logger":"gateway.http","msg":"request","method":"GET",
 * "status":200}}. Each text is redacted on its own before it is quoted: redacting the finished line could cut a
 * string's closing quote; a field's value is redacted together with its key, as the text format sees it. A field named like one of the fixed members gets a leading underscore.
 */
public final class JsonLineFormatter extends StructuredFormatter {
    private static final Set<String> FIXED = Set.of("time", "level", "logger", "msg", "error", "stack");

    public JsonLineFormatter(List<SecretMask> masks) {
        super(masks);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(200);
        line.append("{\"time\":\"").append(LineFormatter.TIME.format(record.getInstant())).append('"');
        line.append(",\"level\":\"").append(levelName(record.getLevel())).append('"');
        member(line, "logger", loggerName(record.getLoggerName()));
        member(line, "msg", message(record));
        LogFields fields = LogFields.of(record);
        for (int i = 0; fields != null && i < fields.size(); i++) {
            String key = FIXED.contains(fields.key(i)) ? "_" + fields.key(i) : fields.key(i);
            Object scalar = fields.scalar(i);
            if (scalar != null && isJsonLiteral(scalar)) {
                appendQuoted(line.append(','), clean(key));
                line.append(':').append(scalar);
            } else {
                // Redacted as "key=value", as in the text format, so that a field named password is masked too.
                String pair = clean(key + "=" + fields.value(i));
                int eq = pair.indexOf('=');
                appendQuoted(line.append(','), pair.substring(0, eq));
                appendQuoted(line.append(':'), pair.substring(eq + 1));
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            member(line, "error", thrown.toString());
            member(line, "stack", stackOf(thrown));
        }
        return line.append('}').append(System.lineSeparator()).toString();
    }

    private void member(StringBuilder line, String key, String value) {
        appendQuoted(line.append(','), clean(key));
        appendQuoted(line.append(':'), clean(value));
    }

    /** NaN and infinities have no JSON spelling: they are written as strings. */
    private static boolean isJsonLiteral(Object v) {
        return !(v instanceof Double d && !Double.isFinite(d)) && !(v instanceof Float f && !Float.isFinite(f));
    }
}
