package nl.poortwachter.bench;

import static nl.poortwachter.bench.Bench.clipBytesPerSecond;
import static nl.poortwachter.bench.Bench.log;
import static nl.poortwachter.bench.Bench.splitOpts;
import static nl.poortwachter.bench.Bench.track;
import static nl.poortwachter.bench.CpuSample.machinePct;
import static nl.poortwachter.bench.CpuSample.pct;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The gateway side of the passthrough bench: one gateway JVM ({@link GatewayMain}) records N replayed cameras; after
 * its warm-up, a window in which its CPU, memory, written bytes and the simulator's own CPU are measured, optionally
 * under a profiler (JFR or perf). Driven over the JVM's stdin/stdout (status, stop).
 */
final class PassthroughGateway {
    private PassthroughGateway() {
    }

    static Bench.Side measure(Bench.Options o, int n, Simulator sim, Path dir, Path logs) throws Exception {
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
            CpuSample a = CpuSample.take(List.of(pid), sim);
            Thread.sleep(o.window * 1000L);
            CpuSample b = CpuSample.take(List.of(pid), sim);
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
            double secs = (b.nanos() - a.nanos()) / 1e9;
            double cpu = pct(b.targetTicks() - a.targetTicks(), secs);
            long files = Proc.filesUnder(storage, ".mp4");
            return new Bench.Side("gateway", n, 1, intOf(before, "streaming"), intOf(after, "streaming"), withData, toStreaming,
                    secs, cpu, cpu / n, pct(b.simTicks() - a.simTicks(), secs), machinePct(a, b),
                    machinePct(a, b) - cpu - pct(b.simTicks() - a.simTicks(), secs), Proc.loadAverage1m(),
                    mem.rssKiB() / 1024.0, mem.pssKiB() / 1024.0, mem.pssAnonKiB() / 1024.0, hwm / 1024.0, threads,
                    bytes1 - bytes0, (bytes1 - bytes0) / (clipBytesPerSecond(o) * n * secs),
                    (b.tcpReceived() - a.tcpReceived()) / (clipBytesPerSecond(o) * n * secs), files,
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

    private static Process startProfiler(Bench.Options o, long pid, Path logs, Path jfr)
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

    private static void stopProfiler(Bench.Options o, Process profiler, long pid, Path logs, Path jfr)
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

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static void run(List<String> cmd, Path logFile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    static long statusKiB(long pid, String key) {
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
}
