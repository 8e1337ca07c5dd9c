package nl.poortwachter.bench;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Live view (issue 4): fan-out of one camera to N WebSocket viewers, and the latency to the screen in passthrough
 * and transcoded. One run: the camera simulator ({@code /small}, 640x360 H.264 25 fps 500 kbit/s), the gateway as
 * a child JVM ({@link GatewayProcess}), a passthrough camera on {@code /small}; for each N, N viewers in this JVM
 * ({@link LiveViewers}) for a warm-up and a window while the gateway's CPU and memory are read from /proc and
 * its /metrics before and after; then a transcoded camera (on the simulator's {@code /sei} mount, the same
 * 640x360 picture from its own encoder, so {@code /small} keeps exactly one session) and headless Chromium
 * ({@link BrowserLatency}) on each camera's page. With {@code --grid 16}: a live grid of 16 cameras in Chromium for
 * {@code --grid-minutes} ({@link GridRun}; {@code --only-grid} runs it alone). Run as {@code src/bench/bench live};
 * {@code --help} for options.
 */
public final class LiveBench {
    static final String PASS = "live-pass";
    static final String TRANS = "live-trans";
    static final String MOUNT = "/small";
    static final String TRANS_MOUNT = "/sei";
    /** A full-HD camera transcoded: what a municipality's cameras mostly are (decode and encode take longest). */
    static final String TRANS_HD = "live-trans-1080p";
    static final String TRANS_HD_MOUNT = "/Streaming/Channels/101";

    private LiveBench() {
    }

    static final class Options {
        List<Integer> viewers = List.of(10, 100, 500);
        int window = 30;
        int warmup = 10;
        int browserSettle = 5;
        int browserSeconds = 20;
        boolean browser = true;
        int gridTiles = 0;
        int gridMinutes = 10;
        boolean onlyGrid = false;
        String gatewayJvmOpts = Bench.DEFAULT_GATEWAY_JVM_OPTS;
        String gatewayEnv = Bench.DEFAULT_GATEWAY_ENV;
        Path root = Path.of("").toAbsolutePath();
        Path out;
    }

    static String usage() {
        return """
                usage: src/bench/bench live [options]
                  --viewers 10,100,500   viewer counts of the fan-out runs (default 10,100,500)
                  --window SECONDS       measurement window per count (default 30)
                  --warmup SECONDS       after every viewer is connected, before the window (default 10)
                  --browser-seconds S    latency collected by Chromium per camera (default 20, after a 5 s settle)
                  --no-browser           skip the browser latency (passthrough vs transcoded)
                  --grid TILES           also a live grid of TILES cameras in Chromium (e.g. 16; default none)
                  --grid-minutes M       how long the grid is measured (default 10)
                  --only-grid            the grid alone (no fan-out, no single-camera latency)
                  --gateway-jvm-opts S   JVM flags of the gateway (default: %s)
                  --gateway-env S        environment of the gateway, NAME=VALUE ... (default: %s)
                  --out DIR              results folder (default src/bench/target/bench-results)
                """.formatted(Bench.DEFAULT_GATEWAY_JVM_OPTS, Bench.DEFAULT_GATEWAY_ENV);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--viewers" -> o.viewers = Arrays.stream(args[++i].split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
                case "--window" -> o.window = Integer.parseInt(args[++i]);
                case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                case "--browser-seconds" -> o.browserSeconds = Integer.parseInt(args[++i]);
                case "--no-browser" -> o.browser = false;
                case "--grid" -> o.gridTiles = Integer.parseInt(args[++i]);
                case "--grid-minutes" -> o.gridMinutes = Integer.parseInt(args[++i]);
                case "--only-grid" -> o.onlyGrid = true;
                case "--gateway-jvm-opts" -> o.gatewayJvmOpts = args[++i];
                case "--gateway-env" -> o.gatewayEnv = args[++i];
                case "--root" -> o.root = Path.of(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                default -> Bench.otherOption(args[i], usage());
            }
        }
        if (o.out == null) {
            o.out = o.root.resolve("src/bench/target/bench-results");
        }
        return o;
    }

    /** One fan-out run. CPU in % of one core over the window; latencies in ms. */
    record FanOut(int viewers, int connected, int openAtEnd, int withoutPictures, double windowSeconds,
                  double gatewayCpuPercent, double gatewayRssMiB, double gatewayPeakRssMiB, int gatewayThreads,
                  double benchCpuPercent, double simulatorCpuPercent, double machineBusyPercent, double otherCpuPercent,
                  double picturesPerViewerPerSecond, double cameraFps, long droppedChunks, long sequenceGaps,
                  long missingPictures, long initSegments, double clientMin, double clientP50, double clientP95, double clientP99,
                  double clientMax, long negativeLatencies, double spreadP50, double spreadP95, double spreadP99,
                  double spreadMax, double sendMeanMs, double sendP50, double sendP95,
                  double sendP99, double sendMaxMs, int simSessionsMin, int simSessionsMax, double loadAverage1m,
                  String notes) {
    }

    /**
     * Latency of one camera to the screen, with the gateway→client figure of one WebSocket viewer beside it. The
     * picture time in front of each live message is when the camera's picture reached the gateway (for a
     * transcoded camera too: its decoding and encoding are in the figure), on the gateway's clock, which is this
     * machine's clock too.
     */
    record Latency(String camera, String mode, String codec, int browserSamples, double browserMin, double browserP50, double browserP95,
                   double browserMax, double clientMin, double clientP50, double clientP95, double clientMax,
                   double sendP50, double sendP95) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Bench.optionsOrExit(LiveBench::parse, args);
        Files.createDirectories(o.out);
        Path logs = o.out.resolve("logs/live");
        Files.createDirectories(logs);
        Path work = Files.createTempDirectory("poortwachter-live-bench-");
        Map<String, Object> machine = Bench.machine();
        String loadBefore = Proc.loadavg();
        Bench.log("machine: " + machine + "; load average before: " + loadBefore);
        Instant started = Instant.now();
        List<FanOut> fanOuts = new ArrayList<>();
        List<Latency> latencies = new ArrayList<>();
        String[] reader = {"?"};
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.startLive(o.root, List.of("--sei", "poortwachter-bench"), work.resolve("sim-stats.json"),
                logs.resolve("simulator.log"));
             GatewayProcess gw = GatewayProcess.start(work.resolve("gateway"), config(o.gridTiles), o.gatewayJvmOpts, o.gatewayEnv,
                     logs.resolve("gateway.log"))) {
            Bench.log("simulator port " + sim.port() + ", gateway pid " + gw.pid() + " at " + gw.baseUrl());
            GatewayApi admin = new GatewayApi(gw.baseUrl()).login("admin", gw.adminPassword());
            GatewayApi integrator = admin.createUser("bench-integrator", "integrator", List.of(), GatewayProcess.randomPassword());
            if (!o.onlyGrid) {
                standardRuns(o, vertx, gw, sim, admin, integrator, work, logs, machine, started, loadBefore, reader,
                        fanOuts, latencies);
            }
            if (o.gridTiles > 0) {
                GridRun.run(o, gw, admin, integrator, sim, work, machine);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Proc.deleteTree(work); // the recordings and the browser profile; the logs are kept under --out
        }
        String loadAfter = Proc.loadavg();
        Bench.log("load average after: " + loadAfter);
        if (!o.onlyGrid) {
            write(o, machine, started, loadBefore, loadAfter, reader[0], fanOuts, latencies);
            System.out.println();
            System.out.println(LiveReport.markdown(fanOuts, latencies, loadBefore, loadAfter));
        }
        Bench.log("results in " + o.out + " (live-results, live-grid-results .md and .json); logs in " + logs);
        LiveReport.plausibility(fanOuts, latencies).exitIfViolated("bench live");
        System.exit(0); // Selenium's and Vert.x's leftover threads must not keep the bench alive
    }

    /** Fan-out to N viewers, then latency to the screen of one passthrough, one transcoded and one 1080p camera. */
    private static void standardRuns(Options o, Vertx vertx, GatewayProcess gw, Simulator sim, GatewayApi admin,
                                     GatewayApi integrator, Path work, Path logs, Map<String, Object> machine,
                                     Instant started, String loadBefore, String[] reader, List<FanOut> fanOuts,
                                     List<Latency> latencies) throws Exception {
        String operatorPassword = GatewayProcess.randomPassword();
        GatewayApi operator = admin.createUser("bench-operator", "operator", List.of(PASS, TRANS, TRANS_HD), operatorPassword);
        integrator.addCamera(camera(PASS, sim.url(MOUNT), "passthrough"));
        double fps = waitStreaming(integrator, PASS);
        reader[0] = connectedWith(logs.resolve("gateway.log"), PASS);
        for (int n : o.viewers) {
            fanOuts.add(fanOut(o, n, vertx, gw, sim, integrator, operator, fps));
            write(o, machine, started, loadBefore, null, reader[0], fanOuts, latencies);
        }
        if (o.browser) {
            integrator.addCamera(camera(TRANS, sim.url(TRANS_MOUNT), "transcode"));
            waitStreaming(integrator, TRANS);
            try (BrowserLatency browser = new BrowserLatency(work)) {
                browser.logIn(gw.baseUrl(), "bench-operator", operatorPassword);
                latencies.add(latency(o, vertx, browser, gw, integrator, operator, PASS, "passthrough"));
                latencies.add(latency(o, vertx, browser, gw, integrator, operator, TRANS, "transcode"));
            }
            // Last, and alone: the simulator encodes this camera live, which takes most of a core.
            integrator.removeCamera(TRANS);
            integrator.addCamera(camera(TRANS_HD, sim.url(TRANS_HD_MOUNT), "transcode"));
            waitStreaming(integrator, TRANS_HD);
            try (BrowserLatency browser = new BrowserLatency(work)) {
                browser.logIn(gw.baseUrl(), "bench-operator", operatorPassword);
                latencies.add(latency(o, vertx, browser, gw, integrator, operator, TRANS_HD, "transcode 1080p"));
            }
            integrator.removeCamera(TRANS_HD); // a grid after this must not share the machine with its transcoding
        }
    }

    /** How the gateway reads the camera (its log's camera.connected line says, e.g. reader=builtin), or "?". */
    static String connectedWith(Path gatewayLog, String camera) {
        try (var lines = Files.lines(gatewayLog)) {
            return lines.filter(l -> l.contains("camera.connected") && l.contains("camera=" + camera + " "))
                    .map(l -> l.replaceAll(".*\\breader=(\\S+).*", "$1")).filter(r -> !r.contains(" ")).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** @param gridTiles the grid's cameras are passthrough too; its viewer is not asked a purpose (the default) */
    static String config(int gridTiles) {
        List<String> passthrough = new ArrayList<>(List.of(PASS));
        passthrough.addAll(GridRun.cameras(gridTiles));
        // The simulator runs on loopback, which cameras may not use unless allowed (docs/decisions.md D49).
        return "ingest: {connectTimeoutSeconds: 5}\n" + "cameraSpecialAddresses: [loopback]\n"
                + "passthrough: {allowCameras: [" + String.join(", ", passthrough) + "]}\n"
                + "audit: {askLivePurpose: false}\n";
    }

    static Map<String, Object> camera(String id, String url, String mode) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "Bench " + id);
        c.put("url", url);
        c.put("mode", mode);
        c.put("legalRegime", "avg-building-security");
        return c;
    }

    /** Waits until the camera streams and gives its frame rate as the gateway sees it. */
    static double waitStreaming(GatewayApi api, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var s = api.cameraStatus(id);
            if ("streaming".equals(s.path("state").asText()) && s.path("fps").asDouble() > 0) {
                Thread.sleep(3000); // the frame rate is an average: let it settle
                s = api.cameraStatus(id);
                Bench.log("camera " + id + " streaming: " + s);
                return s.path("fps").asDouble();
            }
            Thread.sleep(500);
        }
        throw new IOException("camera " + id + " not streaming after 60 s: " + api.cameraStatus(id));
    }

    private static FanOut fanOut(Options o, int n, Vertx vertx, GatewayProcess gw, Simulator sim, GatewayApi integrator,
                                 GatewayApi operator, double fps) throws Exception {
        LiveViewers viewers = new LiveViewers(vertx, gw.baseUrl(), operator.token(), PASS);
        List<String> notes = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            int connected = viewers.openUpTo(n);
            Bench.log(String.format(Locale.ROOT, "N=%d: %d viewers connected in %.1f s; warm-up %d s, window %d s",
                    n, connected, (System.nanoTime() - t0) / 1e9, o.warmup, o.window));
            if (connected < n) {
                notes.add("only " + connected + "/" + n + " viewers connected");
            }
            Thread.sleep(o.warmup * 1000L);
            Map<String, Double> m0 = integrator.metrics();
            long gw0 = Proc.cpuTicks(gw.pid());
            long bench0 = Proc.cpuTicks(ProcessHandle.current().pid());
            long sim0 = Proc.cpuTicks(sim.pid());
            long[] machine0 = Proc.machineTicks();
            long start = System.nanoTime();
            viewers.startWindow();
            double peakRss = 0;
            int simMin = Integer.MAX_VALUE;
            int simMax = Integer.MIN_VALUE;
            long end = start + TimeUnit.SECONDS.toNanos(o.window);
            while (System.nanoTime() < end) {
                peakRss = Math.max(peakRss, Proc.memory(gw.pid()).rssKiB() / 1024.0);
                int s = sim.clientsOn(MOUNT);
                simMin = Math.min(simMin, s);
                simMax = Math.max(simMax, s);
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
            double secs = (System.nanoTime() - start) / 1e9;
            LiveViewers.Window w = viewers.stopWindow(secs);
            long gw1 = Proc.cpuTicks(gw.pid());
            long bench1 = Proc.cpuTicks(ProcessHandle.current().pid());
            long sim1 = Proc.cpuTicks(sim.pid());
            long[] machine1 = Proc.machineTicks();
            Map<String, Double> m1 = integrator.metrics();
            Proc.Memory mem = Proc.memory(gw.pid());
            long dropped = Math.round(GatewayApi.sum(m1, "live_chunks_dropped_total") - GatewayApi.sum(m0, "live_chunks_dropped_total"));
            double sends = m1.getOrDefault("live_send_latency_seconds_count", 0.0) - m0.getOrDefault("live_send_latency_seconds_count", 0.0);
            double sendSum = m1.getOrDefault("live_send_latency_seconds_sum", 0.0) - m0.getOrDefault("live_send_latency_seconds_sum", 0.0);
            double gatewayViewers = m1.getOrDefault("live_viewers", Double.NaN);
            if (gatewayViewers != n) {
                notes.add("gateway live_viewers = " + gatewayViewers);
            }
            if (!gw.alive()) {
                notes.add("the gateway died");
            }
            FanOut f = new FanOut(n, connected, w.open(), w.withoutPictures(), secs, pct(gw1 - gw0, secs),
                    mem.rssKiB() / 1024.0, Math.max(peakRss, mem.rssKiB() / 1024.0), Proc.threads(gw.pid()),
                    pct(bench1 - bench0, secs), pct(sim1 - sim0, secs), machinePct(machine0, machine1),
                    machinePct(machine0, machine1) - pct(gw1 - gw0, secs) - pct(bench1 - bench0, secs) - pct(sim1 - sim0, secs),
                    w.picturesPerViewerPerSecond(), fps, dropped, w.gaps(), w.missing(), w.inits(), w.min(), w.p50(), w.p95(),
                    w.p99(), w.max(), w.negativeLatencies(), w.spreadP50(), w.spreadP95(), w.spreadP99(), w.spreadMax(), sends > 0 ? sendSum / sends * 1000 : Double.NaN,
                    quantileMs(m1, "0.5"), quantileMs(m1, "0.95"), quantileMs(m1, "0.99"),
                    m1.getOrDefault("live_send_latency_seconds_max", Double.NaN) * 1000, simMin, simMax, Proc.loadAverage1m(),
                    String.join("; ", notes));
            Bench.log(LiveReport.brief(f));
            return f;
        } finally {
            viewers.close();
            viewers.shutdown();
            waitNoViewers(integrator);
        }
    }

    /** The next run starts from zero viewers: the gateway has ended every view of this one. */
    private static void waitNoViewers(GatewayApi integrator) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (integrator.metrics().getOrDefault("live_viewers", 0.0) == 0) {
                return;
            }
            Thread.sleep(500);
        }
        Bench.log("gateway still counts live viewers 30 s after they closed");
    }

    private static Latency latency(Options o, Vertx vertx, BrowserLatency browser, GatewayProcess gw, GatewayApi integrator,
                                   GatewayApi operator, String camera, String mode) throws Exception {
        // One WebSocket viewer beside the browser: gateway→client for the same pictures the page shows.
        LiveViewers one = new LiveViewers(vertx, gw.baseUrl(), operator.token(), camera);
        try {
            one.openUpTo(1);
            Thread.sleep(2000);
            one.startWindow();
            long t0 = System.nanoTime();
            BrowserLatency.Result r = browser.measure(gw.baseUrl(), camera, o.browserSettle, o.browserSeconds);
            LiveViewers.Window w = one.stopWindow((System.nanoTime() - t0) / 1e9);
            Map<String, Double> m = integrator.metrics();
            Latency l = new Latency(camera, mode, r.codec(), r.samples(), r.min(), r.p50(), r.p95(), r.max(), w.min(), w.p50(), w.p95(),
                    w.max(), quantileMs(m, "0.5"), quantileMs(m, "0.95"));
            Bench.log("browser " + l);
            return l;
        } finally {
            one.close();
            one.shutdown();
        }
    }

    private static double quantileMs(Map<String, Double> m, String q) {
        return GatewayApi.labelled(m, "live_send_latency_seconds", "quantile=\"" + q + "\"") * 1000;
    }

    static double pct(long ticks, double secs) {
        return ticks < 0 || secs <= 0 ? Double.NaN : 100.0 * ticks / Proc.CLK_TCK / secs;
    }

    static double machinePct(long[] a, long[] b) {
        long total = b[1] - a[1];
        return total <= 0 ? Double.NaN : 100.0 * Runtime.getRuntime().availableProcessors() * (b[0] - a[0]) / total;
    }

    private static void write(Options o, Map<String, Object> machine, Instant started, String loadBefore, String loadAfter,
                              String reader, List<FanOut> fanOuts, List<Latency> latencies) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("viewers", o.viewers);
        settings.put("windowSeconds", o.window);
        settings.put("warmupSeconds", o.warmup);
        settings.put("browserSettleSeconds", o.browserSettle);
        settings.put("browserSeconds", o.browserSeconds);
        settings.put("gatewayJvmOpts", o.gatewayJvmOpts);
        settings.put("gatewayEnv", o.gatewayEnv);
        settings.put("camera", "simulator " + MOUNT + " (640x360 H.264 25 fps 500 kbit/s), passthrough; transcoded: " + TRANS_MOUNT
                + " (640x360) and " + TRANS_HD_MOUNT + " (1920x1080 4 Mbit/s)");
        settings.put("passthroughRtspReader", reader);
        settings.put("recorderSnapshot", Bench.recorderSnapshot(o.root));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("loadAverageBefore", loadBefore);
        results.put("loadAverageAfter", loadAfter);
        results.put("fanOut", fanOuts);
        results.put("latency", latencies);
        results.put("targets", LiveReport.targets(fanOuts, latencies));
        ResultFiles.write(o.out, "live-results", "Live view bench", started, machine, settings, results,
                LiveReport.markdown(fanOuts, latencies, loadBefore, loadAfter));
    }
}
