package nl.poortwachter.recorder.register;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which register field each column of a file gives. Column names are recognised in Dutch and English
 * ({@link RegisterField#aliases()}, compared as {@link MatchText} does); the caller's explicit mapping
 * (column name as in the file → a field's API name, or {@value #IGNORE}) comes first. A column neither
 * recognised nor mapped is a problem: silently dropping a column of someone's register would lose data.
 */
public final class ColumnMapping {
    /** The mapping value that skips a column on purpose. */
    public static final String IGNORE = "ignore";
    private static final Map<String, RegisterField> ALIASES = new HashMap<>();

    static {
        for (RegisterField f : RegisterField.values()) {
            for (String alias : f.aliases()) {
                RegisterField before = ALIASES.put(alias, f);
                if (before != null) {
                    throw new IllegalStateException("column name '" + alias + "' recognised for both " + before + " and " + f);
                }
            }
        }
    }

    /** A column of the file: its 1-based position, its name in the file, and the field it gives (null: skipped). */
    public record Column(int position, String name, RegisterField field) {
    }

    /** A problem with the header as a whole or with one column (position 0: none in particular). */
    public record HeaderProblem(int position, String name, String message) {
    }

    public record Result(List<Column> columns, List<HeaderProblem> problems) {
        public Optional<Column> columnOf(RegisterField field) {
            return columns.stream().filter(c -> c.field() == field).findFirst();
        }
    }

    private ColumnMapping() {
    }

    /** The fields recognised without a mapping, by normalised column name. */
    public static Optional<RegisterField> recognise(String columnName) {
        return Optional.ofNullable(ALIASES.get(MatchText.normalise(columnName)));
    }

    public static Result map(List<String> header, Map<String, String> explicit) {
        List<Column> columns = new ArrayList<>();
        List<HeaderProblem> problems = new ArrayList<>();
        Map<String, String> mapping = new HashMap<>();
        explicit.forEach((name, field) -> mapping.put(MatchText.normalise(name), field));
        Map<RegisterField, Column> taken = new EnumMap<>(RegisterField.class);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            int position = i + 1;
            String wanted = mapping.remove(MatchText.normalise(name));
            RegisterField field;
            if (wanted != null) {
                if (wanted.equals(IGNORE)) {
                    columns.add(new Column(position, name, null));
                    continue;
                }
                field = RegisterField.byApiName(wanted).orElse(null);
                if (field == null) {
                    problems.add(new HeaderProblem(position, name, "the mapping names '" + wanted + "', which is not a field;"
                            + " fields: " + apiNames() + " or '" + IGNORE + "'"));
                    continue;
                }
            } else if (name.isEmpty()) {
                // Spreadsheets save trailing empty columns; a value in one is reported row by row.
                columns.add(new Column(position, name, null));
                continue;
            } else {
                field = recognise(name).orElse(null);
                if (field == null) {
                    problems.add(new HeaderProblem(position, name, "unknown column '" + name + "': map it to one of "
                            + apiNames() + " or to '" + IGNORE + "'"));
                    continue;
                }
            }
            Column column = new Column(position, name, field);
            Column other = taken.putIfAbsent(field, column);
            if (other != null) {
                problems.add(new HeaderProblem(position, name, "columns '" + other.name() + "' and '" + name + "' both give "
                        + field.apiName() + "; map one of them to another field or to '" + IGNORE + "'"));
                continue;
            }
            columns.add(column);
        }
        explicit.keySet().stream().filter(n -> mapping.containsKey(MatchText.normalise(n))).sorted().forEach(n ->
                problems.add(new HeaderProblem(0, n, "the mapping names column '" + n + "', which the file does not have")));
        return new Result(List.copyOf(columns), List.copyOf(problems));
    }

    private static List<String> apiNames() {
        return java.util.Arrays.stream(RegisterField.values()).map(RegisterField::apiName).toList();
    }
}
