package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a harness notes as it starts (the machine, its load average, the time) and the folders it works in: its logs
 * under the results folder, a scratch folder of its own.
 */
record HarnessRun(Path logs, Path work, Map<String, Object> machine, String loadBefore, Instant started) {

    /** @param note added to the start line (e.g. which build is measured) */
    static HarnessRun begin(Path out, String name, String note) throws IOException {
        Path logs = out.resolve("logs/" + name);
        Files.createDirectories(logs);
        Path work = Files.createTempDirectory("poortwachter-" + name + "-bench-");
        Map<String, Object> machine = Bench.machine();
        String load = Proc.loadavg();
        Bench.log("machine: " + machine + "; load average before: " + load + note);
        return new HarnessRun(logs, work, machine, load, Instant.now());
    }

    /** Puts the load averages before and now into the results; returns them as a line for the report. */
    String loads(Map<String, Object> results) {
        String after = Proc.loadavg();
        results.put("loadAverageBefore", loadBefore);
        results.put("loadAverageAfter", after);
        return "\nLoad average before: " + loadBefore + "; after: " + after + "\n";
    }
}
