package nl.poortwachter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
                case "-h", "--help" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
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
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
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

    private static double clipBytesPerSecond(Options o) {
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
                gw = runGateway(o, n, sim, work.resolve("gateway"), logs);
                log("gateway: " + Report.brief(gw));
            }
            if (o.ffmpeg) {
                ff = runFfmpeg(o, n, sim, ffmpeg, work.resolve("ffmpeg"), logs);
                log("ffmpeg:  " + Report.brief(ff));
            }
        } finally {
            if (!o.keep) {
                deleteTree(work);
            } else {
                log("kept " + work);
            }
        }
        return new Run(n, gw, ff);
    }

    /** CPU counters at one instant. */
    private record Sample(long nanos, long targetTicks, long simTicks, long machineBusy, long machineTotal, long tcpReceived) {
        static Sample take(List<Long> pids, Simulator sim) {
            long t = 0;
            for (long pid : pids) {
                long v = Proc.cpuTicks(pid);
                if (v > 0) {
                    t += v;
                }
            }
            long[] m = Proc.machineTicks();
            return new Sample(System.nanoTime(), t, Proc.cpuTicks(sim.pid()), m[0], m[1],
                    Proc.tcpBytesReceivedFrom(sim.port()));
        }
    }

    private static double pct(long ticks, double seconds) {
        return ticks * 100.0 / Proc.CLK_TCK / seconds;
    }

    private static double machinePct(Sample a, Sample b) {
        long total = b.machineTotal - a.machineTotal;
        return total <= 0 ? 0 : (b.machineBusy - a.machineBusy) * 100.0 * Runtime.getRuntime().availableProcessors() / total;
    }

    // ------------------------------------------------------------------ gateway side

    private static Side runGateway(Options o, int n, Simulator sim, Path dir, Path logs) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(splitOpts(o.gatewayJvmOpts));
        Path jfr = logs.resolve("gateway.jfr");
        if (o.profile.equals("jfr") || o.profile.equals("perf")) {
            cmd.add("-XX:+UnlockDiagnosticVMOptions");
            cmd.add("-XX:+DebugNonSafepoints");
        }
        if (o.profile.equals("perf")) {
            cmd.add("-XX:+PreserveFramePointer");
        }
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + Path.of(System.getProperty("user.home"), ".javacpp", "cache"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GatewayMain.class.getName());
        cmd.addAll(List.of("--url-base", sim.url("/replay/"), "--cameras", Integer.toString(n), "--dir", dir.toString(),
                "--segment-seconds", "60", "--rtsp-reader", o.reader));
        Files.writeString(logs.resolve("gateway.cmd"), o.gatewayEnv + " " + String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(logs.resolve("gateway.log").toFile());
        for (String kv : splitOpts(o.gatewayEnv)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--gateway-env wants NAME=VALUE, got " + kv);
            }
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Process p = track(pb.start());
        long pid = p.pid();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "gateway-stdout");
        reader.setDaemon(true);
        reader.start();
        PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        Path storage = dir.resolve("storage");
        List<String> notes = new ArrayList<>();
        try {
            String ready = expect(lines, "READY", 120);
            if (ready == null) {
                throw new IOException("gateway did not start; see " + logs.resolve("gateway.log"));
            }
            if (!ready.contains("mode=passthrough")) {
                throw new IOException("the gateway's cameras are not in passthrough mode (" + ready + "); see "
                        + logs.resolve("gateway.log"));
            }
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60 + n);
            Map<String, String> st = Map.of();
            int streaming = 0;
            while (System.nanoTime() < deadline) {
                st = status(in, lines);
                streaming = intOf(st, "streaming");
                if (streaming >= n) {
                    break;
                }
                Thread.sleep(500);
            }
            double toStreaming = (System.nanoTime() - t0) / 1e9;
            if (streaming < n) {
                notes.add("only " + streaming + "/" + n + " streaming after " + Math.round(toStreaming) + " s");
            }
            log(String.format(Locale.ROOT, "gateway pid %d: %d/%d streaming after %.1f s; warm-up %d s, window %d s",
                    pid, streaming, n, toStreaming, o.warmup, o.window));
            Thread.sleep(o.warmup * 1000L);
            Map<String, String> before = status(in, lines);
            long reconnectsBefore = longOf(before, "reconnects");
            long bytes0 = Proc.bytesUnder(storage);
            Process profiler = startProfiler(o, pid, logs, jfr);
            Sample a = Sample.take(List.of(pid), sim);
            Thread.sleep(o.window * 1000L);
            Sample b = Sample.take(List.of(pid), sim);
            Proc.Memory mem = Proc.memory(pid);
            long hwm = statusKiB(pid, "VmHWM:");
            int threads = Proc.threads(pid);
            long bytes1 = Proc.bytesUnder(storage);
            int mountsWithClient = sim.mountsWithClient();
            stopProfiler(o, profiler, pid, logs, jfr);
            Map<String, String> after = status(in, lines);
            if (intOf(after, "stopped") > 0 || intOf(after, "failed") > 0) {
                notes.add(intOf(after, "stopped") + " cameras stopped, " + intOf(after, "failed") + " failed (ingest ended)");
            }
            long oom = countLines(logs.resolve("gateway.log"), "OutOfMemoryError");
            if (oom > 0) {
                notes.add(oom + " OutOfMemoryError in gateway.log");
            }
            int withData = 0;
            for (int k = 0; k < n; k++) {
                if (Proc.bytesUnder(storage.resolve("cam-" + k)) > 0) {
                    withData++;
                }
            }
            double secs = (b.nanos - a.nanos) / 1e9;
            double cpu = pct(b.targetTicks - a.targetTicks, secs);
            long files = Proc.filesUnder(storage, ".mp4");
            return new Side("gateway", n, 1, intOf(before, "streaming"), intOf(after, "streaming"), withData, toStreaming,
                    secs, cpu, cpu / n, pct(b.simTicks - a.simTicks, secs), machinePct(a, b),
                    machinePct(a, b) - cpu - pct(b.simTicks - a.simTicks, secs), loadAverage(),
                    mem.rssKiB() / 1024.0, mem.pssKiB() / 1024.0, mem.pssAnonKiB() / 1024.0, hwm / 1024.0, threads,
                    bytes1 - bytes0, (bytes1 - bytes0) / (clipBytesPerSecond(o) * n * secs),
                    (b.tcpReceived - a.tcpReceived) / (clipBytesPerSecond(o) * n * secs), files,
                    longOf(after, "reconnects") - reconnectsBefore, mountsWithClient, String.join("; ", notes));
        } finally {
            in.println("stop");
            if (expect(lines, "STOPPED", 60) == null) {
                log("gateway did not stop in time; killing it");
                p.destroy();
            }
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startProfiler(Options o, long pid, Path logs, Path jfr)
            throws IOException, InterruptedException {
        if (o.profile.equals("jfr")) {
            run(List.of(jcmd(), Long.toString(pid), "JFR.start", "name=bench", "settings=profile",
                    "filename=" + jfr), logs.resolve("jcmd.log"));
            return null;
        }
        if (o.profile.equals("perf")) {
            return track(new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", "499", "-g", "-p", Long.toString(pid),
                    "-o", logs.resolve("gateway.perf.data").toString())
                    .redirectErrorStream(true).redirectOutput(logs.resolve("perf.log").toFile()).start());
        }
        return null;
    }

    private static void stopProfiler(Options o, Process profiler, long pid, Path logs, Path jfr)
            throws IOException, InterruptedException {
        if (o.profile.equals("jfr")) {
            run(List.of(jcmd(), Long.toString(pid), "JFR.stop", "name=bench", "filename=" + jfr), logs.resolve("jcmd.log"));
            log("JFR recording: " + jfr);
        } else if (profiler != null) {
            // perf finishes its file on SIGINT; the JIT's symbol map makes Java frames readable.
            run(List.of(jcmd(), Long.toString(pid), "Compiler.perfmap"), logs.resolve("jcmd.log"));
            Path map = Path.of("/tmp/perf-" + pid + ".map");
            if (Files.exists(map)) {
                Files.copy(map, logs.resolve("perf-" + pid + ".map"), StandardCopyOption.REPLACE_EXISTING);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(profiler.pid())).start().waitFor();
            profiler.waitFor(60, TimeUnit.SECONDS);
            log("perf data: " + logs.resolve("gateway.perf.data") + " (perf report -i ... ; map " + map + ")");
        }
    }

    private static long countLines(Path file, String needle) {
        try (Stream<String> l = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return l.filter(x -> x.contains(needle)).count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static void run(List<String> cmd, Path logFile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    private static long statusKiB(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static Map<String, String> status(PrintWriter in, BlockingQueue<String> lines) throws InterruptedException {
        in.println("status");
        String l = expect(lines, "STATUS", 30);
        Map<String, String> m = new LinkedHashMap<>();
        if (l != null) {
            for (String kv : l.split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        return m;
    }

    private static String expect(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String l = lines.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) {
                return null;
            }
            if (l.startsWith(prefix)) {
                return l;
            }
        }
    }

    private static int intOf(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(m.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long longOf(Map<String, String> m, String key) {
        try {
            return Long.parseLong(m.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ ffmpeg side

    private static Side runFfmpeg(Options o, int n, Simulator sim, String ffmpeg, Path dir, Path logs) throws Exception {
        Path ffLogs = logs.resolve("ffmpeg");
        Files.createDirectories(ffLogs);
        List<Process> procs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (int k = 0; k < n; k++) {
                Path out = dir.resolve("cam-" + k);
                Files.createDirectories(out);
                List<String> cmd = List.of(ffmpeg, "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp",
                        "-i", sim.url("/replay/" + k), "-map", "0:v", "-c", "copy", "-f", "segment", "-segment_time", "60",
                        "-segment_format", "mp4", "-segment_format_options",
                        "movflags=+frag_keyframe+empty_moov+default_base_moof", "-reset_timestamps", "1",
                        out.resolve("OUT_%05d.mp4").toString());
                if (k == 0) {
                    Files.writeString(logs.resolve("ffmpeg.cmd"), String.join(" ", cmd) + "\n");
                }
                procs.add(track(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ffLogs.resolve(k + ".log").toFile()).start()));
            }
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60 + n);
            int withData = 0;
            while (System.nanoTime() < deadline) {
                withData = 0;
                for (int k = 0; k < n; k++) {
                    if (Proc.bytesUnder(dir.resolve("cam-" + k)) > 0) {
                        withData++;
                    }
                }
                if (withData >= n) {
                    break;
                }
                Thread.sleep(500);
            }
            double toStreaming = (System.nanoTime() - t0) / 1e9;
            if (withData < n) {
                notes.add("only " + withData + "/" + n + " writing after " + Math.round(toStreaming) + " s");
            }
            log(String.format(Locale.ROOT, "ffmpeg: %d/%d writing after %.1f s; warm-up %d s, window %d s",
                    withData, n, toStreaming, o.warmup, o.window));
            Thread.sleep(o.warmup * 1000L);
            List<Long> pids = procs.stream().map(Process::pid).toList();
            int aliveBefore = (int) procs.stream().filter(Process::isAlive).count();
            long bytes0 = Proc.bytesUnder(dir);
            Sample a = Sample.take(pids, sim);
            Thread.sleep(o.window * 1000L);
            Sample b = Sample.take(pids, sim);
            Proc.Memory mem = Proc.Memory.NONE;
            long hwm = 0;
            int threads = 0;
            for (long pid : pids) {
                mem = mem.plus(Proc.memory(pid));
                hwm += statusKiB(pid, "VmHWM:");
                threads += Proc.threads(pid);
            }
            long bytes1 = Proc.bytesUnder(dir);
            int mountsWithClient = sim.mountsWithClient();
            int aliveAfter = (int) procs.stream().filter(Process::isAlive).count();
            if (aliveAfter < n) {
                notes.add((n - aliveAfter) + " ffmpeg processes exited (see logs/n" + n + "/ffmpeg/)");
            }
            int withDataEnd = 0;
            for (int k = 0; k < n; k++) {
                if (Proc.bytesUnder(dir.resolve("cam-" + k)) > 0) {
                    withDataEnd++;
                }
            }
            double secs = (b.nanos - a.nanos) / 1e9;
            double cpu = pct(b.targetTicks - a.targetTicks, secs);
            return new Side("ffmpeg", n, n, aliveBefore, aliveAfter, withDataEnd, toStreaming, secs, cpu, cpu / n,
                    pct(b.simTicks - a.simTicks, secs), machinePct(a, b),
                    machinePct(a, b) - cpu - pct(b.simTicks - a.simTicks, secs), loadAverage(), mem.rssKiB() / 1024.0, mem.pssKiB() / 1024.0,
                    mem.pssAnonKiB() / 1024.0, hwm / 1024.0, threads, bytes1 - bytes0,
                    (bytes1 - bytes0) / (clipBytesPerSecond(o) * n * secs),
                    (b.tcpReceived - a.tcpReceived) / (clipBytesPerSecond(o) * n * secs), Proc.filesUnder(dir, ".mp4"), 0,
                    mountsWithClient, String.join("; ", notes));
        } finally {
            for (Process p : procs) {
                p.destroy(); // SIGTERM: ffmpeg finishes its file
            }
            for (Process p : procs) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static List<String> splitOpts(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    static void log(String msg) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + msg);
    }
}
