package nl.poortwachter.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against a schema of the parsed API document: types, required fields, enums, date-times,
 * nullability, array items, and — stricter than OpenAPI's default — no field the schema does not document (an object
 * schema that lists properties and says nothing about others allows none), so that the document stays complete.
 */
public final class SchemaCheck {
    private final OpenAPI api;
    private final List<String> problems = new ArrayList<>();

    public SchemaCheck(OpenAPI api) {
        this.api = api;
    }

    /** @return what does not match, each with its JSON path; empty when the value fits */
    public List<String> check(Schema<?> schema, JsonNode value) {
        problems.clear();
        visit(schema, value, "$");
        return List.copyOf(problems);
    }

    private Schema<?> resolve(Schema<?> s) {
        while (s != null && s.get$ref() != null) {
            String name = s.get$ref().substring(s.get$ref().lastIndexOf('/') + 1);
            s = api.getComponents().getSchemas().get(name);
        }
        return s;
    }

    private void visit(Schema<?> raw, JsonNode v, String at) {
        Schema<?> s = resolve(raw);
        if (s == null) {
            problems.add(at + ": the schema reference does not resolve");
            return;
        }
        if (v.isNull()) {
            if (!Boolean.TRUE.equals(s.getNullable())) {
                problems.add(at + ": null, but the schema is not nullable");
            }
            return;
        }
        String type = s.getType();
        if (type == null) {
            return; // any value
        }
        switch (type) {
            case "object" -> object(s, v, at);
            case "array" -> {
                if (!v.isArray()) {
                    problems.add(at + ": expected an array, got " + v.getNodeType());
                } else if (s.getItems() != null) {
                    for (int i = 0; i < v.size(); i++) {
                        visit(s.getItems(), v.get(i), at + "[" + i + "]");
                    }
                }
            }
            case "string" -> string(s, v, at);
            case "integer" -> expect(v.isIntegralNumber(), at, "an integer", v);
            case "number" -> expect(v.isNumber(), at, "a number", v);
            case "boolean" -> expect(v.isBoolean(), at, "a boolean", v);
            default -> problems.add(at + ": unknown schema type " + type);
        }
    }

    private void object(Schema<?> s, JsonNode v, String at) {
        if (!v.isObject()) {
            problems.add(at + ": expected an object, got " + v.getNodeType());
            return;
        }
        if (s.getRequired() != null) {
            for (String r : s.getRequired()) {
                if (!v.has(r)) {
                    problems.add(at + ": required field '" + r + "' is missing");
                }
            }
        }
        Map<String, Schema> props = s.getProperties() == null ? Map.of() : s.getProperties();
        Object extra = s.getAdditionalProperties();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Schema<?> p = props.get(f.getKey());
            if (p != null) {
                visit(p, f.getValue(), at + "." + f.getKey());
            } else if (extra instanceof Schema<?> e) {
                visit(e, f.getValue(), at + "." + f.getKey());
            } else if (Boolean.FALSE.equals(extra) || (!props.isEmpty() && extra == null)) {
                problems.add(at + ": field '" + f.getKey() + "' is not documented");
            }
        }
    }

    private void string(Schema<?> s, JsonNode v, String at) {
        if (!v.isTextual()) {
            problems.add(at + ": expected a string, got " + v.getNodeType());
            return;
        }
        String text = v.asText();
        if (s.getEnum() != null && !s.getEnum().isEmpty() && s.getEnum().stream().noneMatch(e -> String.valueOf(e).equals(text))) {
            problems.add(at + ": '" + text + "' is not one of " + s.getEnum());
        }
        if ("date-time".equals(s.getFormat())) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                problems.add(at + ": '" + text + "' is not an RFC 3339 date-time");
            }
        } else if ("byte".equals(s.getFormat())) {
            try {
                Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                problems.add(at + ": not base64");
            }
        }
    }

    private void expect(boolean ok, String at, String what, JsonNode v) {
        if (!ok) {
            problems.add(at + ": expected " + what + ", got " + v.getNodeType() + " " + v);
        }
    }
}
