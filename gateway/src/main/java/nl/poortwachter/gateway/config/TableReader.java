package nl.poortwachter.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.poortwachter.recorder.settings.Setting;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * Reads the rows of the settings table from gateway.yaml: every key must be a row (or a section holding rows), every
 * value must have the row's shape and pass its check. Sections with a structure of their own (legal regimes,
 * cameras) are left to their readers.
 */
final class TableReader {
    /** For each section path ("" for the top), the names allowed in it, each either a row or a sub-section. */
    private final Map<String, TreeSet<String>> sections = new TreeMap<>();
    private final Map<String, Setting<?>> rows = new TreeMap<>();

    TableReader(List<Setting<?>> table) {
        for (Setting<?> row : table) {
            rows.put(row.key(), row);
            String path = "";
            for (String part : row.key().split("\\.")) {
                sections.computeIfAbsent(path, p -> new TreeSet<>()).add(part);
                path = path.isEmpty() ? part : path + "." + part;
            }
        }
    }

    /** The values the document gives for table rows; the document's other keys are refused. */
    Settings read(YamlDocument doc) {
        JsonNode root = doc.root();
        if (root.isMissingNode() || root.isNull()) {
            return Settings.NONE;
        }
        if (!root.isObject()) {
            throw new ConfigException(doc.name() + ": the document must be an object (key: value lines)");
        }
        return walk(doc, "", root, Settings.NONE);
    }

    private Settings walk(YamlDocument doc, String path, JsonNode section, Settings given) {
        Settings out = given;
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = field.getValue();
            Setting<?> row = rows.get(key);
            if (row != null) {
                if (!value.isNull() && row.shape() != Setting.Shape.STRUCTURE) {
                    out = give(out, row, value, doc);
                }
            } else if (sections.containsKey(key)) {
                if (!value.isNull() && !value.isObject()) {
                    throw doc.fail(key, "must be an object, with the keys " + String.join(", ", sections.get(key)));
                }
                out = walk(doc, key, value, out);
            } else {
                throw doc.unknown(key, doc.where(key), new ArrayList<>(sections.get(path)));
            }
        }
        return out;
    }

    private static <T> Settings give(Settings settings, Setting<T> row, JsonNode value, YamlDocument doc) {
        try {
            return settings.with(row, row.read(plain(row, value, doc)));
        } catch (SettingException e) {
            throw doc.fail(e.key(), e.getMessage());
        }
    }

    /** The YAML value as the row's check takes it, or the problem if it has another shape. */
    private static Object plain(Setting<?> row, JsonNode value, YamlDocument doc) {
        switch (row.shape()) {
            case INTEGER:
                if (value.isIntegralNumber()) {
                    return value.bigIntegerValue();
                }
                throw wrongShape(doc, row.key(), value, "an integer");
            case BOOLEAN:
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                throw wrongShape(doc, row.key(), value, "true or false");
            case TEXT:
                if (value.isTextual()) {
                    return value.textValue();
                }
                throw wrongShape(doc, row.key(), value, "a string");
            case TEXT_LIST:
                if (!value.isArray()) {
                    throw wrongShape(doc, row.key(), value, "a list");
                }
                List<String> items = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (!item.isNull() && !item.isTextual()) {
                        throw wrongShape(doc, row.key() + "[" + i + "]", item, "a string");
                    }
                    items.add(item.isNull() ? null : item.textValue());
                }
                return items;
            default:
                throw new IllegalStateException(row.key() + " is read by its section reader");
        }
    }

    /** As Jackson words it for the API: {@code 'http.port' must be an integer (got 'eighty')}. */
    private static ConfigException wrongShape(YamlDocument doc, String key, JsonNode value, String expected) {
        String got = value.isValueNode() && value.asText().length() <= 100 ? " (got '" + value.asText() + "')" : "";
        return new ConfigException(doc.name() + ": '" + key + "' must be " + expected + got + doc.where(key));
    }
}
