package nl.poortwachter.recorder.register;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.poortwachter.recorder.register.csv.CsvRecord;

/**
 * Plans the data rows of one import, one at a time: parse the cells, find the entry the row is about (by its
 * key, or by location and description when the file has no key column), merge, check and compare. A column the
 * file has sets its field (an empty cell empties it); a field without a column keeps what the register has.
 */
final class RowPlanner {
    private final RegisterRules rules;
    private final ColumnMapping.Result columns;
    private final int headerWidth;
    private final List<ImportPlan.ImportProblem> problems;
    private final boolean keyColumn;
    private final Map<String, RegisterEntry> byKey = new HashMap<>();
    private final Map<String, List<RegisterEntry>> byMatchText = new HashMap<>();
    /** Row identity (key or match text) → the line it was first seen on, for duplicates inside the file. */
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<ImportPlan.RowPlan> rows = new ArrayList<>();

    RowPlanner(RegisterRules rules, ColumnMapping.Result columns, int headerWidth, Collection<RegisterEntry> register,
               List<ImportPlan.ImportProblem> problems) {
        this.rules = rules;
        this.columns = columns;
        this.headerWidth = headerWidth;
        this.problems = problems;
        this.keyColumn = columns.columnOf(RegisterField.KEY).isPresent();
        for (RegisterEntry e : register) {
            byKey.put(e.key(), e);
            if (!keyColumn) {
                byMatchText.computeIfAbsent(RegisterKey.matchText(e.location(), e.description()), k -> new ArrayList<>(1)).add(e);
            }
        }
    }

    List<ImportPlan.RowPlan> rows() {
        return List.copyOf(rows);
    }

    void plan(CsvRecord record) {
        int line = record.line();
        if (record.problem() != null) {
            ColumnMapping.Column c = columnAt(record.problemCell());
            problems.add(new ImportPlan.ImportProblem(line, record.problemCell(), c == null ? null : c.name(),
                    c == null ? null : c.field(), record.problem()));
            return;
        }
        int before = problems.size();
        Map<RegisterField, Object> values = cells(record);
        if (problems.size() > before) {
            return;
        }
        RegisterEntry existing = identify(line, values);
        if (problems.size() > before) {
            return;
        }
        RegisterEntry.Builder merged = existing != null ? existing.toBuilder() : RegisterEntry.builder();
        values.forEach(merged::set);
        if (existing == null && !keyColumn) {
            String key = RegisterKey.derive((String) values.get(RegisterField.LOCATION), (String) values.get(RegisterField.DESCRIPTION));
            if (byKey.containsKey(key)) {
                problem(line, RegisterField.LOCATION, "the key made from location and description ('" + key
                        + "') is already another entry's; add a '" + RegisterField.KEY.header(true) + "' column");
                return;
            }
            merged.set(RegisterField.KEY, key);
        }
        RegisterRules.Checked checked = rules.check(merged.build());
        if (!checked.ok()) {
            checked.problems().forEach(p -> problem(line, p.field(), p.message()));
            return;
        }
        rows.add(ImportPlan.compare(line, existing, checked.entry()));
    }

    /** The values of the row's mapped cells; a problem per cell that does not parse. */
    private Map<RegisterField, Object> cells(CsvRecord record) {
        Map<RegisterField, Object> values = new EnumMap<>(RegisterField.class);
        List<String> cells = record.cells();
        for (ColumnMapping.Column c : columns.columns()) {
            String cell = c.position() <= cells.size() ? cells.get(c.position() - 1) : "";
            if (c.field() == null) {
                if (c.name().isEmpty() && !cell.isBlank()) {
                    problems.add(new ImportPlan.ImportProblem(record.line(), c.position(), c.name(), null,
                            "a value in a column without a name: name the column or empty it"));
                }
                continue;
            }
            try {
                values.put(c.field(), CellValues.parse(c.field().kind(), cell));
            } catch (IllegalArgumentException e) {
                problems.add(new ImportPlan.ImportProblem(record.line(), c.position(), c.name(), c.field(), e.getMessage()));
            }
        }
        for (int i = headerWidth; i < cells.size(); i++) {
            if (!cells.get(i).isBlank()) {
                problems.add(new ImportPlan.ImportProblem(record.line(), i + 1, null, null, "the row has a value in column "
                        + (i + 1) + " but the header names only " + headerWidth + " columns"));
                break;
            }
        }
        return values;
    }

    /** The register entry the row is about (null: a new one); a problem for a duplicate or ambiguous row. */
    private RegisterEntry identify(int line, Map<RegisterField, Object> values) {
        if (keyColumn) {
            String key = (String) values.get(RegisterField.KEY);
            if (key == null) {
                problem(line, RegisterField.KEY, "is empty; every row needs its " + RegisterField.KEY.header(true));
                return null;
            }
            Integer first = seen.putIfAbsent(key, line);
            if (first != null) {
                problem(line, RegisterField.KEY, "duplicate key " + CellValues.echo(key) + ": line " + first + " has it too");
                return null;
            }
            return byKey.get(key);
        }
        String location = (String) values.get(RegisterField.LOCATION);
        if (location == null) {
            return null; // "location: is required" comes from the rules
        }
        String match = RegisterKey.matchText(location, (String) values.get(RegisterField.DESCRIPTION));
        Integer first = seen.putIfAbsent(match, line);
        if (first != null) {
            problem(line, RegisterField.LOCATION, "duplicate key: line " + first + " has the same location and description"
                    + " (without a '" + RegisterField.KEY.header(true) + "' column, rows are told apart by these two)");
            return null;
        }
        List<RegisterEntry> found = byMatchText.getOrDefault(match, List.of());
        if (found.size() > 1) {
            problem(line, RegisterField.LOCATION, "matches " + found.size() + " register entries (keys "
                    + found.stream().map(RegisterEntry::key).sorted().toList() + "); add a '" + RegisterField.KEY.header(true)
                    + "' column to say which");
            return null;
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private void problem(int line, RegisterField field, String message) {
        Optional<ColumnMapping.Column> c = columns.columnOf(field);
        problems.add(new ImportPlan.ImportProblem(line, c.map(ColumnMapping.Column::position).orElse(0),
                c.map(ColumnMapping.Column::name).orElse(null), field, c.isPresent() ? message : field.apiName() + " " + message));
    }

    private ColumnMapping.Column columnAt(int position) {
        return columns.columns().stream().filter(c -> c.position() == position).findFirst().orElse(null);
    }
}
