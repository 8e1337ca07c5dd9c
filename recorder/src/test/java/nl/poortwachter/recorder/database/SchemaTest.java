package nl.poortwachter.recorder.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration steps are found on the class path, in folders and in jars, with a dialect's own file first. */
class SchemaTest {

    @Test
    void aDialectsOwnStepReplacesTheCommonOne() {
        List<Schema.Step> steps = new Schema("test-override", 2, getClass().getClassLoader()).steps(SqliteDialect.INSTANCE);
        assertEquals(List.of("db/test-override/sqlite/V1__sqlite.sql", "db/test-override/V2__later.sql"),
                steps.stream().map(Schema.Step::resource).toList());
        assertEquals(List.of("CREATE TABLE dialect_own (x INTEGER)"), steps.get(0).statements());
    }

    @Test
    void aMissingStepOrAWrongNewestVersionIsRefused() {
        IllegalStateException gap = assertThrows(IllegalStateException.class,
                () -> new Schema("test-gap", 3, getClass().getClassLoader()).steps(SqliteDialect.INSTANCE));
        assertTrue(gap.getMessage().contains("step V2 is missing"), gap.getMessage());
        IllegalStateException newest = assertThrows(IllegalStateException.class,
                () -> new Schema("test-override", 3, getClass().getClassLoader()).steps(SqliteDialect.INSTANCE));
        assertTrue(newest.getMessage().contains("expects schema version 3 but has migration steps up to V2"),
                newest.getMessage());
    }

    /** The installed gateway reads the recorder's steps from its jar (gateway/target/lib/recorder-*.jar). */
    @Test
    void stepsAreReadFromAJarToo(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("steps.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/jarred/", null);
            entry(out, "db/jarred/V1__one.sql", "CREATE TABLE one (x BIGINT);");
            entry(out, "db/jarred/sqlite/", null);
            entry(out, "db/jarred/sqlite/V2__two.sql", "CREATE TABLE two (x INTEGER); CREATE TABLE three (y TEXT);");
            entry(out, "db/jarred/sqlite/deeper/V9__ignored.sql", "nonsense");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Schema.Step> steps = new Schema("jarred", 2, loader).steps(SqliteDialect.INSTANCE);
            assertEquals(List.of(1, 2), steps.stream().map(Schema.Step::version).toList());
            assertEquals(List.of("CREATE TABLE two (x INTEGER)", "CREATE TABLE three (y TEXT)"), steps.get(1).statements());
        }
    }

    private static void entry(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        if (text != null) {
            OutputStream o = out;
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
