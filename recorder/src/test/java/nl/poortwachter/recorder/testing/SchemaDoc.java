package nl.poortwachter.recorder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Holds a schema document (docs/index-schema.md, docs/audit-auth-schema.md) to the database the migrations make:
 * every table with every column, every index and every migration file is in the document. A column is described
 * where its table's {@code CREATE TABLE} or an {@code ALTER TABLE … ADD COLUMN} shows it (comments do not count).
 */
public final class SchemaDoc {
    private static final Pattern CREATE = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?(\\w+) \\((.*?)\\);",
            Pattern.DOTALL);
    private static final Pattern ADD = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN (\\w+)");
    private static final Pattern WORD = Pattern.compile("\\b[a-z_][a-z0-9_]*\\b");

    private SchemaDoc() {
    }

    /** What the document leaves out of the SQLite database behind {@code c}, one line each. */
    public static List<String> problems(Connection c, String doc) throws SQLException {
        String sql = doc.replaceAll("--[^\\n]*", "");
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                     + "AND type IN ('table', 'index', 'trigger') ORDER BY type, name")) {
            List<String[]> objects = new ArrayList<>();
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2)});
            }
            for (String[] o : objects) {
                if (o[0].equals("table")) {
                    problems.addAll(tableProblems(c, o[1], sql));
                } else if (!doc.contains(o[1])) {
                    problems.add(o[0] + " " + o[1] + " is not in the document");
                }
            }
        }
        return problems;
    }

    private static List<String> tableProblems(Connection c, String table, String sql) throws SQLException {
        Set<String> described = new HashSet<>();
        boolean created = false;
        Matcher m = CREATE.matcher(sql);
        while (m.find()) {
            if (m.group(1).equals(table)) {
                created = true;
                Matcher w = WORD.matcher(m.group(2));
                while (w.find()) {
                    described.add(w.group());
                }
            }
        }
        Matcher a = ADD.matcher(sql);
        while (a.find()) {
            if (a.group(1).equals(table)) {
                described.add(a.group(2));
            }
        }
        if (!created) {
            return List.of("table " + table + " has no CREATE TABLE in the document");
        }
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet cols = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (cols.next()) {
                if (!described.contains(cols.getString("name"))) {
                    problems.add("column " + table + "." + cols.getString("name") + " is not in the document");
                }
            }
        }
        return problems;
    }

    /** Migration files ({@code V<n>__<what>.sql}) under {@code folder} that the document does not name. */
    public static List<String> unnamedMigrations(Path folder, String doc) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .filter(n -> !doc.contains(n)).map(n -> "migration " + n + " is not named in the document").toList();
        }
    }
}
