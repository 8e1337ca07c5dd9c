package nl.poortwachter.gateway.logging;

/**
 * Builds the message part of a structured log line: {@code msg="request" method=GET status=200}. Values are
 * quoted and escaped when needed so that one event stays one line: a newline in a client-supplied path must not
 * let anyone forge a second log entry.
 */
public final class Kv {
    private final StringBuilder sb = new StringBuilder();

    private Kv(String msg) {
        sb.append("msg=");
        appendQuoted(sb, msg);
    }

    public static Kv msg(String msg) {
        return new Kv(msg);
    }

    public Kv with(String key, Object value) {
        if (value == null) {
            return this;
        }
        sb.append(' ').append(key).append('=');
        appendValue(sb, String.valueOf(value));
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Bare when the value is a plain token, quoted with escapes otherwise. */
    static void appendValue(StringBuilder out, String value) {
        if (!value.isEmpty() && value.chars().allMatch(Kv::isPlain)) {
            out.append(value);
        } else {
            appendQuoted(out, value);
        }
    }

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

    private static boolean isPlain(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '=';
    }
}
