package nl.poortwachter.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.gateway.json.InputProblem;
import nl.poortwachter.gateway.json.Locator;
import nl.poortwachter.gateway.json.Mappers;

/**
 * gateway.yaml as text and as a tree, with the file's name: everything a message about it needs. Every problem
 * becomes a {@link ConfigException} of the form {@code <file>: <key>: <problem> (line L, column C)}, because the
 * reader is an operator who needs the place in the file, not our call stack.
 */
final class YamlDocument {
    private final String name;
    private final String text;
    private final JsonNode root;

    private YamlDocument(String name, String text, JsonNode root) {
        this.name = name;
        this.text = text;
        this.root = root;
    }

    /** Parses strictly (duplicate keys are refused; yes/no stay words); an empty file is an empty document. */
    static YamlDocument parse(String name, String text) {
        if (text.isBlank()) {
            return new YamlDocument(name, text, MissingNode.getInstance());
        }
        try {
            JsonNode root = Mappers.YAML_IN.readTree(text);
            return new YamlDocument(name, text, root == null ? MissingNode.getInstance() : root);
        } catch (JacksonException e) {
            throw new YamlDocument(name, text, MissingNode.getInstance()).problem(e);
        }
    }

    String name() {
        return name;
    }

    JsonNode root() {
        return root;
    }

    /** The whole document read as {@code type}, for sections with a structure of their own (cameras, regimes). */
    <T> T read(Class<T> type) {
        if (root.isMissingNode()) {
            return null;
        }
        try {
            return Mappers.YAML_IN.readValue(text, type);
        } catch (JacksonException e) {
            throw problem(e);
        }
    }

    /** A problem with the value at {@code key} (a dotted path such as {@code cameraNetworks[2]}). */
    ConfigException fail(String key, String problem) {
        return new ConfigException(name + ": " + key + ": " + problem + where(key));
    }

    /** " (line L, column C)" of where {@code key} is written, or "" when it is not in the file (a default). */
    String where(String key) {
        JsonLocation at = Locator.locate(Mappers.YAML_IN.getFactory(), text, references(key));
        return at == null || at.getLineNr() <= 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static List<JsonMappingException.Reference> references(String key) {
        List<JsonMappingException.Reference> refs = new ArrayList<>();
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            refs.add(new JsonMappingException.Reference(null, bracket < 0 ? part : part.substring(0, bracket)));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                refs.add(new JsonMappingException.Reference(null, Integer.parseInt(part.substring(bracket + 1, close))));
                bracket = part.indexOf('[', close);
            }
        }
        return refs;
    }

    /** What Jackson found, in the words of {@link InputProblem}, with the place of the key where it can be found. */
    ConfigException problem(JacksonException e) {
        InputProblem p = InputProblem.of(e);
        int line = p.line();
        int column = p.column();
        if (e instanceof UnrecognizedPropertyException u) {
            JsonLocation key = Locator.locate(Mappers.YAML_IN.getFactory(), text, u.getPath());
            if (key != null) {
                line = key.getLineNr();
                column = key.getColumnNr();
            }
        }
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        switch (p.kind()) {
            case "malformed":
                return new ConfigException(name + ": not valid YAML" + where + reasonOf(p));
            case "unknown_field":
                return unknown(p.field(), where, p.known());
            default:
                String value = "";
                String offending = InputProblem.offendingValue(e);
                // Echo the offending value to help the operator, except under cameras: it may be a password.
                if (offending != null && p.field() != null && !p.field().startsWith("cameras")
                        && offending.length() <= 100) {
                    value = " (got '" + offending + "')";
                }
                return new ConfigException(name + ": " + p.message() + value + where);
        }
    }

    /** A key the table does not know: a typo must stop the gateway, not be ignored. */
    ConfigException unknown(String key, String where, List<String> allowedHere) {
        return new ConfigException(name + ": unknown key '" + key + "'" + where
                + (allowedHere.isEmpty() ? "" : "; allowed here: " + String.join(", ", allowedHere)));
    }

    private static String reasonOf(InputProblem p) {
        int open = p.message().indexOf(" (");
        return open < 0 ? "" : p.message().substring(open);
    }
}
