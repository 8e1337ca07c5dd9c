package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.testing.ProjectFiles;
import nl.poortwachter.recorder.testing.SchemaDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/index-schema.md describes the index the migrations make: its version, tables, columns, indexes and steps. */
class IndexSchemaDocTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentDescribesTheIndexTheMigrationsMake() throws Exception {
        Path root = ProjectFiles.root();
        String doc = Files.readString(root.resolve("docs/index-schema.md"));
        IndexDatabase.open(dir.resolve("index.db")).close();
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"))) {
            problems.addAll(SchemaDoc.problems(c, doc));
        }
        problems.addAll(SchemaDoc.unnamedMigrations(root.resolve("recorder/src/main/resources/db/index"), doc));
        assertEquals(List.of(), problems);
        assertTrue(doc.contains("(now " + IndexDatabase.SCHEMA.version() + ")"),
                "the document gives the schema version, " + IndexDatabase.SCHEMA.version());
    }
}
