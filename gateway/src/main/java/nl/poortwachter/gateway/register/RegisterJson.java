package nl.poortwachter.gateway.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.recorder.register.FieldProblem;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * Register entries in the API's JSON: the fields by their API names ({@link RegisterField#apiName()}), plus what
 * the gateway knows of the camera ({@code id}, {@code cameraId}, {@code mode}, {@code state}, {@code lastSeen}),
 * which a client may send back unchanged and which is then ignored. Read strictly, as every API body is: an unknown
 * name or a value of the wrong type is a 400 naming the field.
 */
public final class RegisterJson {
    /** What a GET adds to the fields; sent back in a PUT it is ignored. */
    private static final Set<String> READ_ONLY = Set.of("id", "cameraId", "mode", "state", "lastSeen");

    private RegisterJson() {
    }

    public static Map<String, Object> view(RegisterView v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.id());
        putFields(out, v.entry(), true);
        out.put("cameraId", v.cameraId());
        out.put("mode", v.mode());
        out.put("state", v.state());
        out.put("lastSeen", v.lastSeen());
        return out;
    }

    /** The entry's fields; the stream only when {@code withStream} (never in exports or the public register). */
    static void putFields(Map<String, Object> out, RegisterEntry e, boolean withStream) {
        for (RegisterField f : RegisterField.values()) {
            if (withStream || f.exported()) {
                out.put(f.apiName(), value(e.value(f)));
            }
        }
    }

    /** A value as JSON shows it: dates as ISO text, the rest as it is. */
    static Object value(Object v) {
        return v instanceof LocalDate d ? d.toString() : v;
    }

    static RegisterEntry entry(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("wrong_type", null, "the request body must be a JSON object (a register entry)");
        }
        RegisterEntry.Builder b = RegisterEntry.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (READ_ONLY.contains(e.getKey())) {
                continue;
            }
            RegisterField field = RegisterField.byApiName(e.getKey()).orElseThrow(() -> ApiException.badRequest(
                    "unknown_field", e.getKey(), "unknown field '" + e.getKey() + "'; the fields are "
                            + java.util.Arrays.stream(RegisterField.values()).map(RegisterField::apiName).toList()));
            b.set(field, read(field, e.getValue()));
        }
        return b.build();
    }

    private static Object read(RegisterField f, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return switch (f.kind()) {
            case TEXT, REGIME, RTSP_URL -> {
                require(v.isTextual(), f, "text");
                yield v.textValue();
            }
            case DECIMAL -> {
                require(v.isNumber(), f, "a number");
                yield new BigDecimal(v.asText());
            }
            case INTEGER -> {
                require(v.isInt(), f, "a whole number");
                yield v.intValue();
            }
            case YES_NO -> {
                require(v.isBoolean(), f, "true or false");
                yield v.booleanValue();
            }
            case DATE -> {
                require(v.isTextual(), f, "a date (2024-03-15)");
                try {
                    yield LocalDate.parse(v.textValue());
                } catch (DateTimeParseException e) {
                    throw ApiException.badRequest("wrong_type", f.apiName(), "'" + f.apiName() + "' must be a date (2024-03-15)");
                }
            }
        };
    }

    private static void require(boolean ok, RegisterField f, String what) {
        if (!ok) {
            throw ApiException.badRequest("wrong_type", f.apiName(), "'" + f.apiName() + "' must be " + what + " or null");
        }
    }

    static List<Map<String, String>> problems(List<FieldProblem> problems) {
        return problems.stream().map(p -> Map.of("field", p.field().apiName(), "message", p.message())).toList();
    }
}
