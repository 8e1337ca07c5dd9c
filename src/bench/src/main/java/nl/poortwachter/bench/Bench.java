package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * CPU and memory of the recorder against one ffmpeg process per camera, on the same replayed streams.
 * For each camera count N: the camera simulator serves N replay mounts; first one gateway JVM
 * ({@link GatewayMain}) records all N, then N ffmpeg processes do the same; each side gets a warm-up and
 * then a measurement window in which CPU (utime+stime from /proc/PID/stat) is read, memory (smaps_rollup)
 * at its end. Run through {@code src/bench/bench}; {@code --help} lists the options.
 */
public final class Bench {
    static final String DEFAULT_GATEWAY_JVM_OPTS =
            "-XX:+UseSerialGC -Xms16m -Xmx1g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0";
    /**
     * glibc keeps what FFmpeg frees (the frames decoded while probing each stream, ~1080p buffers) resident:
     * per-thread arenas (default 8 per core) and a mmap threshold that rises to the largest freed block.
     * Two arenas and a fixed 64 KiB threshold (big blocks mmap'd, returned on free) save ~3 MiB per camera.
     */
    static final String DEFAULT_GATEWAY_ENV = "MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536";
    private static final int CLIP_SECONDS = 60;

    // ------------------------------------------------------------------ options

    static final class Options {
        List<Integer> cameras = List.of(1, 4, 16, 32, 100);
        int window = 60;
        int warmup = 10;
        boolean quick;
        boolean gateway = true;
        boolean ffmpeg = true;
        Path root;
        Path out;
        Path clip;
        int clipSeconds = CLIP_SECONDS;
        String gatewayJvmOpts = DEFAULT_GATEWAY_JVM_OPTS;
        String gatewayEnv = DEFAULT_GATEWAY_ENV;
        String profile = "none"; // none | jfr | perf
        String reader = "builtin"; // the gateway's RTSP reader: builtin | ffmpeg
        boolean keep;
        /** Taken once at the start: the tree may change while the bench runs. */
        String recorderSnapshot = "?";
    }

    static Options parse(String[] args) {
        Options o = new Options();
        boolean camerasGiven = false;
        boolean windowGiven = false;
        boolean warmupGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--cameras" -> {
                    o.cameras = Arrays.stream(args[++i].split(",")).map(String::trim).filter(s -> !s.isEmpty())
                            .map(Integer::parseInt).toList();
                    camerasGiven = true;
                }
                case "--window" -> {
                    o.window = Integer.parseInt(args[++i]);
                    windowGiven = true;
                }
                case "--warmup" -> {
                    o.warmup = Integer.parseInt(args[++i]);
                    warmupGiven = true;
                }
                case "--quick" -> o.quick = true;
                case "--gateway-only" -> o.ffmpeg = false;
                case "--ffmpeg-only" -> o.gateway = false;
                case "--root" -> o.root = Path.of(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--clip" -> o.clip = Path.of(args[++i]);
                case "--clip-seconds" -> o.clipSeconds = Integer.parseInt(args[++i]);
                case "--gateway-jvm-opts" -> o.gatewayJvmOpts = args[++i];
                case "--gateway-env" -> o.gatewayEnv = args[++i];
                case "--profile" -> o.profile = args[++i];
                case "--reader" -> o.reader = args[++i];
                case "--keep" -> o.keep = true;
                default -> otherOption(a, usage());
            }
        }
        if (o.quick) {
            if (!camerasGiven) {
                o.cameras = List.of(1, 4);
            }
            if (!windowGiven) {
                o.window = 10;
            }
            if (!warmupGiven) {
                o.warmup = 5;
            }
        }
        if (o.cameras.isEmpty() || o.cameras.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--cameras needs positive counts, e.g. 1,4,16");
        }
        if (!List.of("none", "jfr", "perf").contains(o.profile)) {
            throw new IllegalArgumentException("--profile is none, jfr or perf");
        }
        if (o.root == null) {
            o.root = Path.of("").toAbsolutePath();
        }
        if (o.out == null) {
            o.out = o.root.resolve("src/bench/target/bench-results");
        }
        if (o.clip == null) {
            o.clip = Clips.REPLAY;
        }
        return o;
    }

    static String usage() {
        return """
                usage: src/bench/bench [options]
                  --cameras 1,4,16       camera counts to run (default 1,4,16,32,100)
                  --window SECONDS       measurement window per side (default 60)
                  --warmup SECONDS       wait after every camera streams, before the window (default 10)
                  --quick                smoke run: cameras 1,4, window 10 s, warm-up 5 s (unless given)
                  --gateway-only         skip the ffmpeg baseline
                  --ffmpeg-only          skip the gateway
                  --gateway-jvm-opts S   JVM flags of the gateway process (default: %s)
                  --gateway-env S        environment of the gateway process, NAME=VALUE ... (default: %s)
                  --reader builtin|ffmpeg the gateway's RTSP reader (default builtin: its own client)
                  --profile jfr|perf     also profile the gateway during its window (perturbs its CPU figure)
                  --clip PATH            H.264 Annex-B clip to replay (default: made once, cached in ~/.cache)
                  --out DIR              results folder (default src/bench/target/bench-results)
                  --keep                 keep the recorded files (default: deleted after each side)
                """.formatted(DEFAULT_GATEWAY_JVM_OPTS, DEFAULT_GATEWAY_ENV.isEmpty() ? "none" : DEFAULT_GATEWAY_ENV);
    }

    // ------------------------------------------------------------------ results

    /** One side (gateway or ffmpeg) at one camera count. CPU figures in % of one core. */
    record Side(
            String side,
            int cameras,
            int processes,
            int streamingAtStart,
            int streamingAtEnd,
            int camerasWithData,
            double secondsToAllStreaming,
            double windowSeconds,
            double cpuPercent,
            double cpuPercentPerCamera,
            double simulatorCpuPercent,
            double machineBusyPercent,
            double otherProcessesPercent,
            double loadAverage1m,
            double rssMiB,
            double pssMiB,
            double pssAnonMiB,
            double peakRssMiB,
            int threads,
            long bytesInWindow,
            double recordedVsSource,
            double receivedVsSource,
            long files,
            long reconnects,
            int simulatorMountsWithClient,
            String notes) {
    }

    record Run(int cameras, Side gateway, Side ffmpeg) {
    }

    // ------------------------------------------------------------------ main

    /** Every process the bench started; a shutdown hook (Ctrl-C) ends those still running. */
    private static final List<Process> CHILDREN = new java.util.concurrent.CopyOnWriteArrayList<>();

    static Process track(Process p) {
        CHILDREN.add(p);
        return p;
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : CHILDREN) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }, "bench-cleanup"));
    }

    public static void main(String[] args) throws Exception {
        Options o = optionsOrExit(Bench::parse, args);
        Files.createDirectories(o.out);
        Map<String, Object> machine = machine();
        log("machine: " + machine);
        o.recorderSnapshot = recorderSnapshot(o.root);
        log("recorder: " + o.recorderSnapshot);
        Clips.ensureReplay(o.root, o.clip);
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        log("ffmpeg: " + ffmpeg);
        List<Run> runs = new ArrayList<>();
        Instant started = Instant.now();
        for (int n : o.cameras) {
            runs.add(runOne(o, n, ffmpeg));
            writeResults(o, machine, started, runs); // partial results survive an interrupted run
        }
        String table = Report.table(runs);
        System.out.println();
        System.out.println(table);
        System.out.println(Report.targets(runs));
        writeResults(o, machine, started, runs);
        log("results in " + o.out);
        Report.plausibility(runs).exitIfViolated("bench");
    }

    /** An option no case of a harness's parser took: {@code -h}/{@code --help} prints the usage and exits, else wrong. */
    static void otherOption(String arg, String usage) {
        if (arg.equals("-h") || arg.equals("--help")) {
            System.out.println(usage);
            System.exit(0);
        }
        throw new IllegalArgumentException("unknown option " + arg + "\n" + usage);
    }

    /** A harness's options from its arguments; wrong ones print what was wrong and the usage, and exit with 2. */
    static <T> T optionsOrExit(java.util.function.Function<String[], T> parse, String[] args) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", Proc.machineLine("model name"));
        m.put("memTotalMiB", Proc.memTotalKiB() / 1024);
        m.put("kernel", System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("clkTck", Proc.CLK_TCK);
        return m;
    }

    private static void writeResults(Options o, Map<String, Object> machine, Instant started, List<Run> runs)
            throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cameras", o.cameras);
        settings.put("windowSeconds", o.window);
        settings.put("warmupSeconds", o.warmup);
        settings.put("gatewayJvmOpts", o.gatewayJvmOpts);
        settings.put("rtspReader", o.reader);
        settings.put("gatewayEnv", o.gatewayEnv);
        settings.put("profile", o.profile);
        settings.put("clip", o.clip.toString());
        settings.put("clipBytesPerSecond", clipBytesPerSecond(o));
        settings.put("recorderSnapshot", o.recorderSnapshot);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("runs", runs);
        results.put("targets", Report.targetList(runs));
        ResultFiles.write(o.out, "bench-results", "Bench results", started, machine, settings, results,
                Report.table(runs) + "\n" + Report.targets(runs));
    }

    /** Which recorder was measured: the commit, how many recorder files differ from it, the jar's time. */
    static String recorderSnapshot(Path root) {
        String head = "?";
        String dirty = "?";
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD").start();
            head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            Process q = new ProcessBuilder("git", "-C", root.toString(), "status", "--porcelain", "--", "recorder/src/main").start();
            dirty = Long.toString(new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count());
            q.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no git
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String jar = "?";
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("recorder-") && entry.endsWith(".jar")) {
                try {
                    jar = Path.of(entry).getFileName() + " built " + Files.getLastModifiedTime(Path.of(entry));
                } catch (IOException e) {
                    jar = entry;
                }
            }
        }
        return "commit " + head + " + " + dirty + " changed files under recorder/src/main; " + jar;
    }

    // ------------------------------------------------------------------ the clip

    static double clipBytesPerSecond(Options o) {
        try {
            return (double) Files.size(o.clip) / o.clipSeconds;
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ one camera count

    private static Run runOne(Options o, int n, String ffmpeg) throws Exception {
        Path logs = o.out.resolve("logs/n" + n);
        Files.createDirectories(logs);
        Path work = Files.createTempDirectory("poortwachter-bench-n" + n + "-");
        log("=== N=" + n + " (work dir " + work + ")");
        Side gw = null;
        Side ff = null;
        try (Simulator sim = Simulator.start(o.root, o.clip, n, work.resolve("sim-stats.json"), logs.resolve("simulator.log"))) {
            log("simulator pid " + sim.pid() + " port " + sim.port());
            if (o.gateway) {
                gw = PassthroughGateway.measure(o, n, sim, work.resolve("gateway"), logs);
                log("gateway: " + Report.brief(gw));
            }
            if (o.ffmpeg) {
                ff = PassthroughFfmpeg.measure(o, n, sim, ffmpeg, work.resolve("ffmpeg"), logs);
                log("ffmpeg:  " + Report.brief(ff));
            }
        } finally {
            if (!o.keep) {
                Proc.deleteTree(work);
            } else {
                log("kept " + work);
            }
        }
        return new Run(n, gw, ff);
    }

    // ------------------------------------------------------------------ helpers

    static List<String> splitOpts(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    static void log(String msg) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + msg);
    }
}
