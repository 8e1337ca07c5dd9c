package nl.poortwachter.recorder.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.LogRecord;

/**
 * The key/value pairs of one {@link Log} call. Values are taken as they are at the call: numbers and booleans
 * (immutable, and written as such in JSON lines), anything else as its text, so that a later change to a logged
 * object cannot change the line. Not redacted here: the line format redacts what it writes.
 */
public final class LogFields {
    private static final LogFields NONE = new LogFields(List.of());

    private final List<Object> keysAndValues;

    private LogFields(List<Object> keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    /** Pairs of key and value; a null value drops its key, an odd last element is ignored. */
    public static LogFields of(Object... kv) {
        if (kv == null || kv.length < 2) {
            return NONE;
        }
        List<Object> out = new ArrayList<>(kv.length);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v != null) {
                out.add(String.valueOf(kv[i]));
                out.add(isScalar(v) ? v : String.valueOf(v));
            }
        }
        return new LogFields(Collections.unmodifiableList(out));
    }

    /** Immutable numbers and booleans; an AtomicLong is a Number too, but may change before the line is written. */
    private static boolean isScalar(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof Double || v instanceof Float || v instanceof Boolean;
    }

    /** The fields a record carries when it came through {@link Log}; null for records of other loggers. */
    public static LogFields of(LogRecord record) {
        Object[] params = record.getParameters();
        return params != null && params.length == 1 && params[0] instanceof LogFields f ? f : null;
    }

    public int size() {
        return keysAndValues.size() / 2;
    }

    public String key(int i) {
        return (String) keysAndValues.get(2 * i);
    }

    /** The value as text. */
    public String value(int i) {
        return String.valueOf(keysAndValues.get(2 * i + 1));
    }

    /** A number or boolean as logged, else null (the value is text). */
    public Object scalar(int i) {
        Object v = keysAndValues.get(2 * i + 1);
        return v instanceof String ? null : v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : " ").append(key(i)).append('=').append(value(i));
        }
        return sb.toString();
    }
}
