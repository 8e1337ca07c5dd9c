package nl.poortwachter.recorder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.poortwachter.recorder.database.SqlScript;

/** Raw access to SQLite files in tests: build a database as an older gateway left it, compare schemas, count. */
public final class SqliteFiles {
    private SqliteFiles() {
    }

    /** Runs a SQL script from the test class path on the file, statement by statement, outside the data layer. */
    public static void runScript(Path db, String resource) throws SQLException {
        String sql;
        try (InputStream in = SqliteFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute(db, SqlScript.statements(sql).toArray(String[]::new));
    }

    public static void execute(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public static long number(Path db, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    public static String text(Path db, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The schema as comparable lines: every table, index and trigger with its SQL (case, spacing and IF NOT
     * EXISTS normalised: the same schema may have been written with other whitespace), and every table's columns
     * as SQLite sees them (name, declared type, not null, default, primary key position).
     */
    public static List<String> schema(Path db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master "
                    + "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": "
                            + normalise(rs.getString(4)));
                    if (rs.getString(1).equals("table")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("PRAGMA table_xinfo(" + t + ")")) {
                    while (rs.next()) {
                        out.add("column " + t + "." + rs.getString("name") + " " + rs.getString("type")
                                + (rs.getInt("notnull") != 0 ? " not null" : "") + " default=" + rs.getString("dflt_value")
                                + " pk=" + rs.getInt("pk"));
                    }
                }
            }
        }
        return out;
    }

    private static String normalise(String sql) {
        if (sql == null) {
            return "";
        }
        return sql.toLowerCase(Locale.ROOT).replace("if not exists", "").replaceAll("\\s+", " ")
                .replaceAll(" ?([(),;]) ?", "$1").strip();
    }
}
