package nl.poortwachter.gateway.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What was wrong with a JSON or YAML document, in words for the person who wrote it. Jackson's own messages
 * quote the input and name Java classes; ours name the field and the expected type and never repeat a value,
 * because the value may be a password.
 *
 * @param kind    {@code malformed} (not parseable), {@code unknown_field} or {@code wrong_type}
 * @param field   dotted path such as {@code cameras[2].retentionDays}; null when the document as a whole is wrong
 * @param message a sentence naming the field, for API clients
 * @param known   for an unknown field: the fields allowed in that place, else empty
 * @param line    1-based, or -1 when unknown
 */
public record InputProblem(String kind, String field, String message, List<String> known, int line, int column) {

    public InputProblem(String kind, String field, String message, int line, int column) {
        this(kind, field, message, List.of(), line, column);
    }

    public static InputProblem of(JacksonException e) {
        JsonLocation loc = e.getLocation();
        if (e instanceof JsonMappingException && e.getProcessor() instanceof JsonParser p
                && p.currentTokenLocation() != null && p.currentTokenLocation().getLineNr() > 0) {
            // Where the offending token starts; the mapping exception's own location can be past its end.
            loc = p.currentTokenLocation();
        }
        int line = loc == null ? -1 : loc.getLineNr();
        int column = loc == null ? -1 : loc.getColumnNr();
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new InputProblem("unknown_field", field, "unknown field '" + field + "'"
                    + (known.isEmpty() ? "" : "; known fields: " + String.join(", ", known)), known, line, column);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String field = path(f);
            return new InputProblem("wrong_type", field, describe(field) + " must be one of "
                    + enumValues(f.getTargetType()), line, column);
        }
        if (e instanceof MismatchedInputException m && isTrailingContent(m)) {
            return new InputProblem("malformed", null, "malformed at line " + line + " column " + column
                    + " (content after the end of the document)", line, column);
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            if (field == null) {
                return new InputProblem("wrong_type", null, "the document must be " + expected(m.getTargetType()),
                        line, column);
            }
            return new InputProblem("wrong_type", field, describe(field) + " must be " + expected(m.getTargetType()),
                    line, column);
        }
        if (e instanceof InputCoercionException c) {
            // e.g. a number too large for an int; the parser knows no field, the mapping exception did (not here).
            return new InputProblem("wrong_type", null, "a number is out of range for " + expected(c.getTargetType()),
                    line, column);
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            return new InputProblem("wrong_type", field, (field == null ? "the document" : describe(field))
                    + " cannot be read", line, column);
        }
        return new InputProblem("malformed", null, "malformed at line " + line + " column " + column
                + reason(e), line, column);
    }

    /** Jackson reports FAIL_ON_TRAILING_TOKENS as a mismatch; to the client it is a syntax error. */
    private static boolean isTrailingContent(MismatchedInputException m) {
        String msg = m.getOriginalMessage();
        return msg != null && msg.startsWith("Trailing token");
    }

    /**
     * The offending scalar as written, for messages about files the operator owns; null when it is not a
     * scalar. Callers decide whether it is safe to show (never under cameras, where it may be a password).
     */
    public static String offendingValue(JacksonException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return String.valueOf(f.getValue());
        }
        if (e instanceof MismatchedInputException && e.getProcessor() instanceof JsonParser p) {
            try {
                if (p.currentToken() != null && p.currentToken().isScalarValue()) {
                    return p.getText();
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                return null;
            }
        }
        return null;
    }

    /** Dotted path of the field, e.g. {@code cameras[0].url}; null at the document root. */
    static String path(DatabindException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String describe(String field) {
        return "'" + field + "'";
    }

    private static String enumValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String expected(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class
                || t == short.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class || t == Float.class || t == float.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t.isEnum()) {
            return "one of " + enumValues(t);
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return "of another type";
    }

    /**
     * The parser's reason without the quoted input: Jackson appends a source excerpt that may hold a secret.
     * Only the first clause is kept, and only if it quotes nothing.
     */
    private static String reason(JacksonException e) {
        if (!(e instanceof StreamReadException) && !(e instanceof JsonProcessingException)) {
            return "";
        }
        String original = e.getOriginalMessage();
        if (original == null) {
            return "";
        }
        String first = original.lines().findFirst().orElse("").strip();
        int cut = first.indexOf(':');
        if (cut > 0) {
            first = first.substring(0, cut);
        }
        if (first.isEmpty() || first.contains("'") || first.contains("\"") || first.length() > 120) {
            return "";
        }
        return " (" + first + ")";
    }
}
