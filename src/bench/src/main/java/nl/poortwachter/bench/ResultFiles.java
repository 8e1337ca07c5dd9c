package nl.poortwachter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes one harness's results as NAME.json (everything) and NAME.md (for people), with the run's context. */
final class ResultFiles {
    private ResultFiles() {
    }

    /**
     * @param results  the harness's own figures, in the JSON after started, machine and settings
     * @param markdown the tables and verdicts, after the title and the context lines
     */
    static void write(Path out, String name, String title, Instant started, Map<String, Object> machine,
                      Map<String, Object> settings, Map<String, Object> results, String markdown) throws IOException {
        Files.createDirectories(out); // a "mvn clean" during the run may have removed it
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("started", started.toString());
        doc.put("machine", machine);
        doc.put("settings", settings);
        doc.putAll(results);
        Files.writeString(out.resolve(name + ".json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        Files.writeString(out.resolve(name + ".md"), "# " + title + "\n\nStarted " + started + "; machine " + machine
                + "\n\nSettings: " + settings + "\n\n" + markdown + "\n");
    }
}
