package nl.poortwachter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.recorder.testing.ProjectFiles;
import nl.poortwachter.recorder.testing.SchemaDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/audit-auth-schema.md describes the audit and user databases the migrations make: every table, column, index,
 * trigger and step (the storage binding's table is described once, in docs/index-schema.md).
 */
class SchemaDocTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentDescribesTheAuditAndUserDatabases() throws Exception {
        Path root = ProjectFiles.root();
        String doc = Files.readString(root.resolve("docs/audit-auth-schema.md"));
        String withBinding = doc + Files.readString(root.resolve("docs/index-schema.md"));
        new AuditStore(dir.resolve("audit.db")).close();
        new UserStore(dir.resolve("auth.db")).close();
        List<String> problems = new ArrayList<>();
        for (String database : List.of("audit", "auth")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(database + ".db"))) {
                SchemaDoc.problems(c, withBinding).forEach(p -> problems.add(database + ".db: " + p));
            }
            problems.addAll(SchemaDoc.unnamedMigrations(root.resolve("gateway/src/main/resources/db/" + database), doc));
        }
        assertEquals(List.of(), problems);
    }
}
