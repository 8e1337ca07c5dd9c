package nl.poortwachter.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only listed plain names are served, with fixed types and a CSP; every file of the UI is listed. */
class StaticFilesTest {
    private final StaticFiles files = new StaticFiles();

    @Test
    void servesListedFilesWithFixedTypesAndCsp() {
        var css = files.reply("app.css").orElseThrow();
        assertEquals("text/css; charset=utf-8", css.contentType());
        assertTrue(css.headers().get("Content-Security-Policy").contains("default-src 'none'"));
        assertEquals("text/javascript; charset=utf-8", files.reply("login.js").orElseThrow().contentType());
        assertEquals("text/html; charset=utf-8", files.reply("login.html").orElseThrow().contentType());
    }

    @Test
    void refusesEverythingElse() {
        for (String name : new String[] {"../openapi.yaml", "..", "%2e%2e", "manifest.txt", "app.css/", "App.css",
                "a/b.js", "..%2fopenapi.yaml", "login.js%00.css", "nothing.js", "", ".hidden.js", "x\\y.js"}) {
            assertTrue(files.reply(name).isEmpty(), name);
        }
    }

    @Test
    void everyFileOfTheUiIsInTheManifest() throws Exception {
        Path dir = Path.of("src", "main", "resources", "web");
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> onDisk = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("manifest.txt"))
                    .collect(Collectors.toSet());
            assertEquals(onDisk, files.names());
        }
    }
}
