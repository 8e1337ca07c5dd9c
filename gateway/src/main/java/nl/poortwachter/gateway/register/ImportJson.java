package nl.poortwachter.gateway.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.poortwachter.recorder.register.ColumnMapping;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterField;

/**
 * An import plan as the dry run answers it: how the file was read, the columns and the field each gives, the columns
 * that need a mapping (with the fields they may be mapped to), counts, one line per row, every problem with its line,
 * column and reason, and the plan's token.
 */
final class ImportJson {
    private ImportJson() {
    }

    static Map<String, Object> plan(ImportPlan plan, String token, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoding", plan.encoding());
        out.put("separator", plan.separator() == 0 ? null : String.valueOf(plan.separator()));
        out.put("columns", plan.columns().stream().map(c -> column(c.position(), c.name(), c.field() == null ? "ignore"
                : c.field().apiName())).toList());
        out.put("unknownColumns", plan.problems().stream()
                .filter(p -> p.line() == 1 && p.field() == null && p.columnName() != null && !p.columnName().isEmpty()
                        && ColumnMapping.recognise(p.columnName()).isEmpty())
                .map(p -> column(p.column(), p.columnName(), null)).toList());
        List<String> targets = new ArrayList<>(Arrays.stream(RegisterField.values()).map(RegisterField::apiName).toList());
        targets.add(ColumnMapping.IGNORE);
        out.put("fields", targets);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (ImportPlan.Action a : ImportPlan.Action.values()) {
            counts.put(a.name().toLowerCase(Locale.ROOT), plan.count(a));
        }
        counts.put("problems", plan.problems().size());
        out.put("counts", counts);
        out.put("rows", plan.rows().stream().map(ImportJson::row).toList());
        out.put("problems", plan.problems().stream().map(ImportJson::problem).toList());
        out.put("applicable", plan.applicable());
        out.put("plan", token);
        out.put("message", message);
        return out;
    }

    private static Map<String, Object> column(int position, String name, String field) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("position", position);
        c.put("name", name);
        c.put("field", field);
        return c;
    }

    private static Map<String, Object> row(ImportPlan.RowPlan r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", r.line());
        out.put("action", r.action().name().toLowerCase(Locale.ROOT));
        out.put("key", r.after().key());
        if (r.action() == ImportPlan.Action.UNCHANGED) {
            return out;
        }
        out.put("location", r.after().location());
        out.put("description", r.after().description());
        out.put("changes", r.changes().stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("field", c.field().apiName());
            change.put("before", RegisterJson.value(c.before()));
            change.put("after", RegisterJson.value(c.after()));
            return change;
        }).toList());
        return out;
    }

    private static Map<String, Object> problem(ImportPlan.ImportProblem p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", p.line());
        out.put("column", p.column());
        out.put("columnName", p.columnName());
        out.put("field", p.field() == null ? null : p.field().apiName());
        out.put("message", p.message());
        out.put("text", p.toString());
        return out;
    }
}
