package nl.poortwachter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingest under stress (issue 11): {@code flap} stops the camera simulator under N cameras and starts it again on
 * the same port, and measures per camera the time to notice the closed camera and the time to record again after
 * it returned (p50/max), plus where the index puts the gap; {@code overload} gives the gateway more transcoded
 * cameras than it can encode and reports, per camera, recorded ÷ wall time, the states the API showed, the
 * camera_fps readings and overlapping segments. {@code --gateway-classpath} runs another build of the gateway
 * (a before/after comparison). Run as {@code src/bench/bench ingest flap|overload [options]}.
 */
public final class IngestBench {
    /** Footage may end this long after the simulator's exit: its last pictures, read after close() returned. */
    private static final long READ_SLACK_MILLIS = 100;
    private IngestBench() {
    }

    static final class Options {
        String scenario = "flap";
        int cameras = 20;
        String mount;
        String mode;
        int steady = 15;
        int outage = 10;
        int window = 60;
        List<String> launcher = List.of();
        String classpath = System.getProperty("java.class.path");
        String label = "this build";
        String extraYaml = "";
        Path root = Path.of("").toAbsolutePath();
        Path out;
    }

    static String usage() {
        return """
                usage: src/bench/bench ingest flap|overload [options]
                  --cameras N            cameras (default 20 for flap, 22 for overload)
                  --mount PATH           simulator mount (default /small: 640x360, one encoder in the simulator)
                  --mode M               passthrough|transcode (default passthrough for flap, transcode for overload)
                  --steady SECONDS       flap: streaming before the outage (default 15)
                  --outage SECONDS       flap: how long the simulator is down (default 10)
                  --window SECONDS       overload: how long the cameras run (default 60)
                  --taskset CPUS         run the gateway with taskset -c CPUS (e.g. 0: one core)
                  --gateway-classpath CP another build's gateway classes and jars
                  --label TEXT           names the build in the results (e.g. before, after)
                  --out DIR              results folder (default src/bench/target/bench-results)
                """;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        boolean camerasGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "flap", "overload" -> o.scenario = args[i];
                case "--cameras" -> {
                    o.cameras = Integer.parseInt(args[++i]);
                    camerasGiven = true;
                }
                case "--mount" -> o.mount = args[++i];
                case "--mode" -> o.mode = args[++i];
                case "--steady" -> o.steady = Integer.parseInt(args[++i]);
                case "--outage" -> o.outage = Integer.parseInt(args[++i]);
                case "--window" -> o.window = Integer.parseInt(args[++i]);
                case "--taskset" -> o.launcher = List.of("taskset", "-c", args[++i]);
                case "--gateway-classpath" -> o.classpath = args[++i];
                case "--label" -> o.label = args[++i];
                case "--root" -> o.root = Path.of(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                default -> Bench.otherOption(args[i], usage());
            }
        }
        boolean overload = o.scenario.equals("overload");
        if (!overload && !o.scenario.equals("flap")) {
            throw new IllegalArgumentException("scenario must be flap or overload\n" + usage());
        }
        if (!camerasGiven && overload) {
            o.cameras = 22;
        }
        o.mount = o.mount != null ? o.mount : "/small";
        o.mode = o.mode != null ? o.mode : overload ? "transcode" : "passthrough";
        if (o.out == null) {
            o.out = o.root.resolve("src/bench/target/bench-results");
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        Options o = Bench.optionsOrExit(IngestBench::parse, args);
        HarnessRun run = HarnessRun.begin(o.out, "ingest-" + o.scenario, "; gateway: " + o.label);
        Path logs = run.logs();
        Path work = run.work();
        Map<String, Object> results = new LinkedHashMap<>();
        String markdown;
        int port = freePort();
        Path stats = work.resolve("sim-stats.json");
        Simulator sim = Simulator.startLive(o.root, port, stats, logs.resolve("simulator.log"));
        try (GatewayProcess gw = GatewayProcess.start(work.resolve("gateway"), config(o), Bench.DEFAULT_GATEWAY_JVM_OPTS,
                Bench.DEFAULT_GATEWAY_ENV, logs.resolve("gateway.log"), o.launcher, o.classpath)) {
            GatewayApi admin = new GatewayApi(gw.baseUrl()).login("admin", gw.adminPassword());
            GatewayApi api = admin.createUser("bench-integrator", "integrator", List.of(), GatewayProcess.randomPassword());
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < o.cameras; c++) {
                String id = "cam-" + c;
                Map<String, Object> camera = LiveBench.camera(id, sim.url(o.mount + "?camera=" + c), o.mode);
                api.addCamera(camera);
                ids.add(id);
            }
            if (o.scenario.equals("flap")) {
                sim = flap(o, api, ids, sim, port, stats, logs, results);
                markdown = flapMarkdown(results);
            } else {
                overload(o, api, ids, gw, results);
                markdown = overloadMarkdown(results);
            }
        } finally {
            sim.close();
            Proc.deleteTree(work);
        }
        String loads = run.loads(results);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scenario", o.scenario);
        settings.put("gateway", o.label);
        settings.put("cameras", o.cameras);
        settings.put("mount", o.mount);
        settings.put("mode", o.mode);
        settings.put("launcher", String.join(" ", o.launcher));
        settings.put("steady", o.steady);
        settings.put("outage", o.outage);
        settings.put("window", o.window);
        markdown += loads;
        ResultFiles.write(o.out, "ingest-" + o.scenario + "-results", "Ingest bench: " + o.scenario + " (" + o.label + ")",
                run.started(), run.machine(), settings, results, markdown);
        System.out.println(markdown);
        Bench.log("results in " + o.out.resolve("ingest-" + o.scenario + "-results.md"));
    }

    private static String config(Options o) {
        // The default timeouts; every camera of the run may use passthrough. The simulator runs on loopback, which
        // cameras may not use unless allowed (docs/decisions.md D49).
        return "ingest: {connectTimeoutSeconds: 5, stallTimeoutSeconds: 10, backoffInitialSeconds: 1, backoffMaxSeconds: 30}\n"
                + "cameraSpecialAddresses: [loopback]\n"
                + "passthrough: {allowCameras: [" + String.join(", ", cameraIds(o)) + "]}\n"
                + "recording: {segmentSeconds: 10}\n" + o.extraYaml;
    }

    private static List<String> cameraIds(Options o) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < o.cameras; c++) {
            ids.add("cam-" + c);
        }
        return ids;
    }

    // ------------------------------------------------------------------ flap

    private static Simulator flap(Options o, GatewayApi api, List<String> ids, Simulator sim, int port, Path stats, Path logs,
                                  Map<String, Object> results) throws Exception {
        awaitAll(api, ids, "streaming", 120_000);
        Thread.sleep(o.steady * 1000L);
        long stopAt = System.currentTimeMillis();
        sim.close();
        long stoppedAt = System.currentTimeMillis();
        Map<String, Long> detected = new HashMap<>();
        long deadline = stoppedAt + 30_000;
        while (detected.size() < ids.size() && System.currentTimeMillis() < deadline) {
            for (JsonNode c : api.cameras()) {
                String id = c.path("id").asText();
                if (!detected.containsKey(id) && !c.path("status").path("state").asText().equals("streaming")) {
                    detected.put(id, System.currentTimeMillis() - stopAt);
                }
            }
            Thread.sleep(50);
        }
        Thread.sleep(Math.max(0, o.outage * 1000L - (System.currentTimeMillis() - stopAt)));
        Map<String, Double> before = written(api);
        Simulator again = Simulator.startLive(o.root, port, stats, logs.resolve("simulator.log"));
        long upAt = System.currentTimeMillis();
        Map<String, Long> recording = new HashMap<>();
        deadline = upAt + 60_000;
        while (recording.size() < ids.size() && System.currentTimeMillis() < deadline) {
            Map<String, Double> now = written(api);
            for (String id : ids) {
                if (!recording.containsKey(id) && now.getOrDefault(id, 0.0) > before.getOrDefault(id, 0.0)) {
                    recording.put(id, System.currentTimeMillis() - upAt);
                }
            }
            Thread.sleep(50);
        }
        // Where the index put the gap: from the last footage before the stop to the first after the return.
        Thread.sleep(3000);
        List<Long> gapStartErrors = new ArrayList<>();
        List<Long> gapEndErrors = new ArrayList<>();
        int footageInOutage = 0;
        for (String id : ids) {
            JsonNode segments = api.recordings(id, Instant.ofEpochMilli(stopAt - 600_000), Instant.now()).path("segments");
            long lastBefore = Long.MIN_VALUE;
            long firstAfter = Long.MAX_VALUE;
            for (JsonNode s : segments) {
                long start = Instant.parse(s.path("start").asText()).toEpochMilli();
                long end = Instant.parse(s.path("end").asText()).toEpochMilli();
                if (start < stopAt) {
                    lastBefore = Math.max(lastBefore, end);
                } else {
                    firstAfter = Math.min(firstAfter, start);
                }
                // Pictures the server sent before it exited may be read a little after close() returned: as FlapIT,
                // footage counts as inside the outage only when it ends more than that read slack after it.
                if (end > stoppedAt + READ_SLACK_MILLIS && start < upAt) {
                    footageInOutage++;
                }
            }
            if (lastBefore != Long.MIN_VALUE && firstAfter != Long.MAX_VALUE) {
                gapStartErrors.add(lastBefore - stopAt);
                gapEndErrors.add(firstAfter - upAt);
            }
        }
        results.put("detectMillis", summary(new ArrayList<>(detected.values()), ids.size()));
        results.put("recordAgainMillis", summary(new ArrayList<>(recording.values()), ids.size()));
        results.put("gapStartMinusStopMillis", summary(gapStartErrors, ids.size()));
        results.put("gapEndMinusReturnMillis", summary(gapEndErrors, ids.size()));
        results.put("segmentsOverlappingTheOutage", footageInOutage);
        return again;
    }

    /** Bytes written to segment files per camera, from /metrics: it grows once a fragment is on disk. */
    private static Map<String, Double> written(GatewayApi api) throws IOException, InterruptedException {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Double> e : api.metrics().entrySet()) {
            if (e.getKey().startsWith("camera_written_bytes_total{")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("camera=\"([^\"]+)\"").matcher(e.getKey());
                if (m.find()) {
                    out.put(m.group(1), e.getValue());
                }
            }
        }
        return out;
    }

    private static String flapMarkdown(Map<String, Object> r) {
        return "| figure | n | p50 | max |\n|---|---:|---:|---:|\n"
                + row("time to notice the closed camera (ms)", r.get("detectMillis"))
                + row("time to record again after it returned (ms)", r.get("recordAgainMillis"))
                + row("index gap start − real stop (ms)", r.get("gapStartMinusStopMillis"))
                + row("index gap end − real return (ms)", r.get("gapEndMinusReturnMillis"))
                + "\nSegments claiming footage inside the outage (ending over " + READ_SLACK_MILLIS + " ms after the simulator's exit): "
                + r.get("segmentsOverlappingTheOutage") + "\n";
    }

    // ------------------------------------------------------------------ overload

    private static void overload(Options o, GatewayApi api, List<String> ids, GatewayProcess gw, Map<String, Object> results)
            throws Exception {
        Instant from = Instant.now();
        long cpu0 = Proc.cpuTicks(gw.pid());
        Map<String, Map<String, Integer>> states = new LinkedHashMap<>();
        double maxFps = 0;
        double maxProcessedFps = 0;
        long end = System.currentTimeMillis() + o.window * 1000L;
        while (System.currentTimeMillis() < end) {
            for (JsonNode c : api.cameras()) {
                String state = c.path("status").path("state").asText();
                states.computeIfAbsent(c.path("id").asText(), k -> new LinkedHashMap<>()).merge(state, 1, Integer::sum);
                maxFps = Math.max(maxFps, c.path("status").path("fps").asDouble());
                // Builds before issue 11 had no load: their fps was the processed rate.
                maxProcessedFps = Math.max(maxProcessedFps, c.path("status").path("load").path("processedFps").asDouble());
            }
            Thread.sleep(1000);
        }
        Instant to = Instant.now();
        double cpuPercent = (Proc.cpuTicks(gw.pid()) - cpu0) * 100.0 / Proc.CLK_TCK / ((to.toEpochMilli() - from.toEpochMilli()) / 1000.0);
        Thread.sleep(2000); // the index catches up with what was written
        List<Double> ratios = new ArrayList<>();
        int overlaps = 0;
        long worstOverlap = 0;
        int degradedSeen = 0;
        for (String id : ids) {
            JsonNode segments = api.recordings(id, from, to).path("segments");
            long recorded = 0;
            long previousEnd = Long.MIN_VALUE;
            for (JsonNode s : segments) {
                long start = Instant.parse(s.path("start").asText()).toEpochMilli();
                long stop = Instant.parse(s.path("end").asText()).toEpochMilli();
                recorded += Math.max(0, Math.min(stop, to.toEpochMilli()) - Math.max(start, from.toEpochMilli()));
                if (previousEnd != Long.MIN_VALUE && start < previousEnd) {
                    overlaps++;
                    worstOverlap = Math.max(worstOverlap, previousEnd - start);
                }
                previousEnd = Math.max(previousEnd, stop);
            }
            ratios.add(recorded / (double) (to.toEpochMilli() - from.toEpochMilli()));
            degradedSeen += states.getOrDefault(id, Map.of()).containsKey("degraded") ? 1 : 0;
        }
        results.put("recordedOverWall", Map.of("min", ratios.stream().mapToDouble(d -> d).min().orElse(0),
                "mean", ratios.stream().mapToDouble(d -> d).average().orElse(0)));
        results.put("statesSeen", states);
        results.put("camerasSeenDegraded", degradedSeen);
        results.put("maxCameraFps", maxFps);
        results.put("maxProcessedFps", maxProcessedFps);
        results.put("overlappingSegments", overlaps);
        results.put("worstOverlapMillis", worstOverlap);
        results.put("gatewayCpuPercentOfOneCore", cpuPercent);
    }

    private static String overloadMarkdown(Map<String, Object> r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ratio = (Map<String, Object>) r.get("recordedOverWall");
        Map<String, Integer> totals = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Integer>> states = (Map<String, Map<String, Integer>>) r.get("statesSeen");
        states.values().forEach(m -> m.forEach((k, v) -> totals.merge(k, v, Integer::sum)));
        return String.format(Locale.ROOT, "| figure | value |\n|---|---|\n| recorded ÷ wall time, min | %.2f |\n"
                        + "| recorded ÷ wall time, mean | %.2f |\n| state readings (all cameras, once a second) | %s |\n"
                        + "| cameras seen `degraded` | %s |\n| highest camera_fps read (status.fps) | %.1f |\n"
                        + "| highest processed fps read (status.load) | %.1f |\n| overlapping segments | %s (worst %s ms) |\n"
                        + "| gateway CPU (%% of one core) | %.0f |\n",
                ratio.get("min"), ratio.get("mean"), totals, r.get("camerasSeenDegraded"), r.get("maxCameraFps"),
                r.get("maxProcessedFps"), r.get("overlappingSegments"), r.get("worstOverlapMillis"), r.get("gatewayCpuPercentOfOneCore"));
    }

    // ------------------------------------------------------------------ helpers

    private static void awaitAll(GatewayApi api, List<String> ids, String state, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            int n = 0;
            for (JsonNode c : api.cameras()) {
                n += c.path("status").path("state").asText().equals(state) ? 1 : 0;
            }
            if (n == ids.size()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("not every camera reached " + state + " within " + millis / 1000 + " s");
    }

    /** n (of expected), p50 and max of a list of milliseconds; a camera missing from the list is counted as missing. */
    static Map<String, Object> summary(List<Long> values, int expected) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", sorted.size());
        m.put("missing", expected - sorted.size());
        m.put("p50", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
        m.put("max", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        return m;
    }

    private static String row(String name, Object summary) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) summary;
        return "| " + name + " | " + s.get("n") + (((int) s.get("missing")) > 0 ? " (" + s.get("missing") + " missing)" : "")
                + " | " + s.get("p50") + " | " + s.get("max") + " |\n";
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
