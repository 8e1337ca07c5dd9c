package nl.poortwachter.recorder.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements end at their own semicolons only; comments are left out. */
class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideStringsNamesAndComments() {
        assertEquals(List.of("CREATE TABLE t (a TEXT DEFAULT 'x;y', \"b;c\" INTEGER)",
                        "INSERT INTO t VALUES ('it''s; fine', 1)"),
                SqlScript.statements("""
                        -- a comment; with a semicolon
                        CREATE TABLE t (a TEXT DEFAULT 'x;y', "b;c" INTEGER); /* block; comment */
                        INSERT INTO t VALUES ('it''s; fine', 1);
                        """));
    }

    @Test
    void aTriggerBodyIsOneStatementAndSoIsAFunctionBody() {
        List<String> s = SqlScript.statements("""
                CREATE TRIGGER t_no_update BEFORE UPDATE ON t
                  BEGIN SELECT CASE WHEN 1 THEN RAISE(ABORT, 'no; never') END; SELECT 1; END;
                CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'x'; END; $$ LANGUAGE plpgsql;
                CREATE TABLE after_them (x INTEGER)
                """);
        assertEquals(3, s.size(), s.toString());
        assertEquals("CREATE TRIGGER t_no_update BEFORE UPDATE ON t\n  BEGIN SELECT CASE WHEN 1 THEN "
                + "RAISE(ABORT, 'no; never') END; SELECT 1; END", s.get(0));
        assertEquals("CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'x'; END; $$ LANGUAGE plpgsql",
                s.get(1));
        assertEquals("CREATE TABLE after_them (x INTEGER)", s.get(2));
    }

    @Test
    void commentsInsideAStatementAreLeftOut() {
        assertEquals(List.of("CREATE TABLE t (\n  a TEXT, \n  b TEXT)"),
                SqlScript.statements("CREATE TABLE t (\n  a TEXT, -- why a\n  b TEXT);\n-- trailing\n"));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SqlScript.statements("INSERT INTO t VALUES ('open);"));
    }
}
