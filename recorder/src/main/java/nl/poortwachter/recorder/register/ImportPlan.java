package nl.poortwachter.recorder.register;

import java.util.List;

/**
 * What importing a file would do, worked out without changing anything (the dry run), and what applying it
 * writes. A plan with problems must not be applied at all: applying is all or nothing. To apply, a store writes
 * every {@link RowPlan#after} of a CREATE or CHANGE row in one transaction, after checking that each entry still
 * is {@link RowPlan#before} (nobody changed the register since the plan was made). Register entries the file
 * does not mention are left as they are: an import adds and updates, it never deletes.
 *
 * @param encoding  how the file was read ("UTF-8", "windows-1252"), null when it could not be
 * @param separator the cell separator found in the header, 0 when there was no header
 * @param columns   the columns and the field each gives (null: ignored)
 * @param rows      one plan per data row without problems, in file order
 * @param problems  every problem found: of the file, the header, or a row's cell
 */
public record ImportPlan(String encoding, char separator, List<ColumnMapping.Column> columns, List<RowPlan> rows,
                         List<ImportProblem> problems) {

    public enum Action { CREATE, CHANGE, UNCHANGED }

    /**
     * One data row: the entry as it is ({@code before}, null for a new one) and as it would be ({@code after}).
     * {@code line} is the line of the file the row starts on (the header is line 1).
     */
    public record RowPlan(int line, Action action, RegisterEntry before, RegisterEntry after, List<FieldChange> changes) {
    }

    /** The plan of one row: CREATE without {@code before}, else CHANGE or UNCHANGED by the fields that differ. */
    public static RowPlan compare(int line, RegisterEntry before, RegisterEntry after) {
        if (before == null) {
            return new RowPlan(line, Action.CREATE, null, after, List.of());
        }
        List<FieldChange> changes = new java.util.ArrayList<>();
        for (RegisterField f : RegisterField.values()) {
            if (!same(before.value(f), after.value(f))) {
                changes.add(new FieldChange(f, before.value(f), after.value(f)));
            }
        }
        return new RowPlan(line, changes.isEmpty() ? Action.UNCHANGED : Action.CHANGE, before, after, List.copyOf(changes));
    }

    /** 52.10 and 52.1 are the same coordinate. */
    private static boolean same(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return java.util.Objects.equals(a, b);
    }

    /** A field a CHANGE row changes (values as in {@link RegisterEntry#value}; null = empty). */
    public record FieldChange(RegisterField field, Object before, Object after) {
    }

    /**
     * A problem with its place: {@code line} 0 = the file as a whole, 1 = the header; {@code column} 0 = no
     * particular column, else its 1-based position and {@code columnName} its name in the file; {@code field}
     * the register field concerned, if any.
     */
    public record ImportProblem(int line, int column, String columnName, RegisterField field, String message) {
        @Override
        public String toString() {
            String name = columnName == null || columnName.isEmpty() ? "" : " (" + columnName + ")";
            return (line == 0 ? "file" : "line " + line) + (column == 0 ? "" : ", column " + column + name) + ": " + message;
        }
    }

    /** A plan for a file refused as a whole (too large, not decodable, no header). */
    static ImportPlan refused(String encoding, int line, String message) {
        return new ImportPlan(encoding, (char) 0, List.of(), List.of(),
                List.of(new ImportProblem(line, 0, null, null, message)));
    }

    /** Whether applying the plan is allowed: no problem anywhere. */
    public boolean applicable() {
        return problems.isEmpty();
    }

    public long count(Action action) {
        return rows.stream().filter(r -> r.action() == action).count();
    }

    /** The entries applying the plan writes (new and changed), in file order. */
    public List<RegisterEntry> toWrite() {
        return rows.stream().filter(r -> r.action() != Action.UNCHANGED).map(RowPlan::after).toList();
    }
}
