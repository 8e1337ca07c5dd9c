package nl.poortwachter.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.settings.RecorderSettings;
import nl.poortwachter.recorder.settings.Setting;
import nl.poortwachter.recorder.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * The shipped config/gateway.yaml follows the settings table: every row is in the file with its description in the
 * comment above it, every value the file sets is the row's default, and a row without a default is only shown as a
 * comment. So an operator reading the file reads what the gateway does when the file says nothing.
 */
class ShippedConfigTest {
    /** {@code key: value} or {@code # key: value}; the key as YAML allows it here (regime ids have dashes). */
    private static final Pattern KEY_LINE = Pattern.compile("^( *)(# *)?([A-Za-z0-9][A-Za-z0-9_-]*):(.*)$");

    /** Where a row's key is written in the file and the comment lines just above it. */
    private record Place(boolean active, String comment) {
    }

    private static String shipped() throws Exception {
        Path p = Path.of("..", "config", "gateway.yaml"); // tests run in the module directory
        assertTrue(Files.exists(p), p + " missing");
        return Files.readString(p);
    }

    @Test
    void everyRowIsInTheFileWithItsDescription() throws Exception {
        Map<String, List<Place>> places = places(shipped(), SettingsTable.ALL.stream().map(Setting::key).toList());
        for (Setting<?> row : SettingsTable.ALL) {
            List<Place> found = places.get(row.key());
            assertNotNull(found, row.key() + " is not in config/gateway.yaml");
            Place place = found.stream().filter(Place::active).findFirst().orElse(found.get(0));
            assertTrue(words(place.comment()).contains(words(row.description())),
                    row.key() + ": the comment above it must hold the table's description\n  table: "
                            + row.description() + "\n  file:  " + place.comment());
            if (row.defaultValue() == null) {
                assertTrue(found.stream().noneMatch(Place::active), row.key() + " has no default: only as a comment");
            } else {
                assertTrue(place.active(), row.key() + " has a default: the file shows it");
            }
        }
    }

    @Test
    void everyValueTheFileSetsIsTheDefault() throws Exception {
        String text = shipped();
        YamlDocument doc = YamlDocument.parse("gateway.yaml", text);
        Settings given = new TableReader(SettingsTable.ALL).read(doc);
        int compared = 0;
        for (Setting<?> row : SettingsTable.ALL) {
            if (row.shape() != Setting.Shape.STRUCTURE && given.isGiven(row)) {
                assertEquals(row.defaultValue(), given.get(row), row.key());
                compared++;
            }
        }
        assertEquals(SettingsTable.ALL.stream().filter(r -> r.shape() != Setting.Shape.STRUCTURE
                && r.defaultValue() != null).count(), compared, "every row with a default is set in the file");
        Structures structures = doc.read(Structures.class);
        assertEquals(RecorderSettings.LEGAL_REGIMES.defaultValue(),
                RegimesSection.read(structures.legalRegimes(), doc).regimes(), "legalRegimes lists the built-in ones");
        assertEquals(RecorderSettings.CAMERAS.defaultValue(), structures.cameras());
    }

    @Test
    void theScannerFindsKeysCommentsAndSections() {
        Map<String, List<Place>> p = places("""
                # top
                a:
                  # about b,
                  # two lines
                  b: 1

                  # about c
                  # c: x
                  # Note: not a key of the table
                  d:
                    e: []
                f: 2
                """, List.of("a.b", "a.c", "a.d.e", "f", "g"));
        assertEquals(List.of(new Place(true, "about b, two lines")), p.get("a.b"));
        assertEquals(List.of(new Place(false, "about c")), p.get("a.c"));
        assertEquals(List.of(new Place(true, "")), p.get("a.d.e"));
        assertEquals(List.of(new Place(true, "")), p.get("f"));
        assertFalse(p.containsKey("g") || p.containsKey("a.Note"), p.toString());
        assertEquals(4, p.size(), p.toString());
    }

    /**
     * Every key of {@code rowKeys} written in the text (as a line, or commented out), by dotted path, with the comment
     * lines directly above it. A commented line that is not a key of the table is just comment.
     */
    private static Map<String, List<Place>> places(String text, List<String> rowKeys) {
        Map<String, List<Place>> out = new LinkedHashMap<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                comment.clear();
                continue;
            }
            Matcher m = KEY_LINE.matcher(line);
            boolean commented = m.matches() && m.group(2) != null;
            if (m.matches()) {
                int indent = m.group(1).length();
                while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                    indents.pop();
                    names.pop();
                }
                List<String> path = new ArrayList<>(names);
                java.util.Collections.reverse(path);
                path.add(m.group(3));
                String key = String.join(".", path);
                boolean isRow = rowKeys.contains(key);
                if (!commented) {
                    indents.push(new int[] {indent});
                    names.push(m.group(3));
                }
                if (!commented || isRow) {
                    if (isRow) {
                        out.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(new Place(!commented, String.join(" ", comment).strip()));
                    }
                    comment.clear();
                    continue;
                }
            }
            if (line.strip().startsWith("#")) {
                comment.add(line.strip().substring(1).strip());
            } else {
                comment.clear();
            }
        }
        return out;
    }

    private static String words(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
