package nl.poortwachter.recorder.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbered migration steps of one database, read from the class path: {@code db/<name>/V<n>__<what>.sql}
 * for SQL that every dialect accepts, and {@code db/<name>/<dialect>/V<n>__<what>.sql} where a dialect needs its
 * own (DDL types, SQLite's rowid tables and triggers; the steps written before there was a second dialect). A
 * dialect's own file for a version replaces the common one. The steps must run from 1 to {@link #version()}
 * without a hole: that is the schema the code of this build reads and writes.
 *
 * @param name    the database ("index", "audit", "auth"), also its folder under {@code db/}
 * @param version the newest step, which this build's stores are written against
 */
public record Schema(String name, int version, ClassLoader loader) {
    private static final Pattern STEP = Pattern.compile("V([1-9][0-9]*)__([a-z0-9_]+)\\.sql");

    /** One step: its statements run in one transaction together with the version bump. */
    public record Step(int version, String resource, List<String> statements) {
    }

    /** The steps for a dialect, in order. */
    public List<Step> steps(Dialect dialect) {
        Map<Integer, Step> byVersion = read("db/" + name);
        byVersion.putAll(read("db/" + name + "/" + dialect.name()));
        List<Step> out = new ArrayList<>(byVersion.values());
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).version() != i + 1) {
                throw new IllegalStateException("db/" + name + ": migration step V" + (i + 1) + " is missing for "
                        + dialect.name());
            }
        }
        if (out.size() != version) {
            throw new IllegalStateException("db/" + name + ": this build expects schema version " + version
                    + " but has migration steps up to V" + out.size() + " for " + dialect.name());
        }
        return out;
    }

    private Map<Integer, Step> read(String folder) {
        Map<Integer, Step> into = new TreeMap<>();
        for (Map.Entry<String, String> f : ResourceFolder.read(loader, folder).entrySet()) {
            Matcher m = STEP.matcher(f.getKey());
            if (!m.matches()) {
                throw new IllegalStateException(folder + "/" + f.getKey() + " is not named V<n>__<what>.sql");
            }
            int v = Integer.parseInt(m.group(1));
            Step step = new Step(v, folder + "/" + f.getKey(), SqlScript.statements(f.getValue()));
            Step before = into.get(v);
            if (before != null) {
                throw new IllegalStateException(folder + " has two steps V" + v + ": " + before.resource() + ", "
                        + step.resource());
            }
            into.put(v, step);
        }
        return into;
    }
}
