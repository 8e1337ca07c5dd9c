package nl.poortwachter.recorder.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a migration file into statements at the semicolons that end them, not at those inside a string, a
 * quoted name, a comment, a PostgreSQL dollar-quoted body or a SQLite trigger body ({@code BEGIN ... END}).
 * Comments are left out of the statements: SQLite stores a CREATE statement's text as given, and the schema
 * should read the same whichever version a database was made at.
 */
public final class SqlScript {
    private SqlScript() {
    }

    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0; // BEGIN/CASE ... END nesting, counted inside CREATE TRIGGER only
        int i = 0;
        int n = script.length();
        while (i < n) {
            char ch = script.charAt(i);
            if (ch == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end; // the newline stays: it separates words
                continue;
            }
            if (ch == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                current.append(' ');
                i = end + 2;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                int end = closingQuote(script, i, ch);
                current.append(script, i, end + 1);
                i = end + 1;
                continue;
            }
            if (ch == '$') {
                int tagEnd = script.indexOf('$', i + 1);
                if (tagEnd > i && script.substring(i + 1, tagEnd).matches("[A-Za-z_0-9]*")) {
                    String tag = script.substring(i, tagEnd + 1);
                    int end = script.indexOf(tag, tagEnd + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated " + tag + " quote");
                    }
                    current.append(script, i, end + tag.length());
                    i = end + tag.length();
                    continue;
                }
            }
            if (Character.isLetter(ch) || ch == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_')) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                if (isTrigger(current)) {
                    if (word.equals("BEGIN") || word.equals("CASE")) {
                        depth++;
                    } else if (word.equals("END")) {
                        depth--;
                    }
                }
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (ch == ';' && depth <= 0) {
                add(out, current);
                current.setLength(0);
                depth = 0;
                i++;
                continue;
            }
            current.append(ch);
            i++;
        }
        add(out, current);
        return out;
    }

    private static int closingQuote(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2; // doubled quote: an escaped one
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote");
    }

    private static boolean isTrigger(StringBuilder statement) {
        String head = statement.toString().strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return head.startsWith("CREATE TRIGGER") || head.startsWith("CREATE TEMP TRIGGER")
                || head.startsWith("CREATE TEMPORARY TRIGGER");
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
