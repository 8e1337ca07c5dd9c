package nl.poortwachter.recorder.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

/**
 * What the two line formats ({@link LineFormatter}, {@link JsonLineFormatter}) share: one event per line, our level
 * and logger names, and the last wall against secrets: the {@link Redactor} plus masks for secrets of a known shape
 * that only the process knows about (the gateway's session tokens).
 */
public abstract class StructuredFormatter extends Formatter {
    private static final String OWN_PREFIX = "nl.poortwachter.";

    /**
     * A secret of a recognisable shape and what replaces it.
     *
     * @param replacement literal text (no group references)
     */
    public record SecretMask(Pattern pattern, String replacement) {
    }

    private final List<SecretMask> masks;

    protected StructuredFormatter(List<SecretMask> masks) {
        this.masks = List.copyOf(masks);
    }

    /** The format chosen by name ({@code text} or {@code json}), as the {@code logging.format} setting spells it. */
    public static StructuredFormatter named(String format, List<SecretMask> masks) {
        return switch (format) {
            case "text" -> new LineFormatter(masks);
            case "json" -> new JsonLineFormatter(masks);
            default -> throw new IllegalArgumentException("unknown log format '" + format + "'");
        };
    }

    /** Credentials redacted and every mask applied. */
    protected final String clean(String text) {
        String s = Redactor.redact(text);
        for (SecretMask m : masks) {
            s = m.pattern().matcher(s).replaceAll(java.util.regex.Matcher.quoteReplacement(m.replacement()));
        }
        return s;
    }

    /** The message: as given to {@link Log}, or a library's message with its parameters applied. */
    protected final String message(LogRecord record) {
        String m = LogFields.of(record) != null ? record.getMessage() : formatMessage(record);
        return m == null ? "" : m;
    }

    protected static String stackOf(Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        return stack.toString().strip();
    }

    /**
     * A quoted string with escapes that is valid in both formats (JSON's escapes): control characters, line and
     * paragraph separators included, never reach the output raw.
     */
    static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
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

    /** The logger of class AccessLog in our package gateway.http is shown as {@code gateway.http}: module and area. */
    static String loggerName(String name) {
        if (name == null || name.isEmpty()) {
            return "root";
        }
        if (name.startsWith(OWN_PREFIX)) {
            String rest = name.substring(OWN_PREFIX.length());
            String[] parts = rest.split("\\.");
            if (parts.length >= 2 && Character.isUpperCase(parts[parts.length - 1].charAt(0))) {
                return String.join(".", Arrays.copyOf(parts, parts.length - 1));
            }
            return rest;
        }
        return name;
    }
}
