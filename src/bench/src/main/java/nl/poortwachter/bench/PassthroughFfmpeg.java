package nl.poortwachter.bench;

import static nl.poortwachter.bench.Bench.clipBytesPerSecond;
import static nl.poortwachter.bench.Bench.log;
import static nl.poortwachter.bench.Bench.track;
import static nl.poortwachter.bench.CpuSample.machinePct;
import static nl.poortwachter.bench.CpuSample.pct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The reference side of the passthrough bench: one ffmpeg process per camera copying the same replayed stream into
 * fragmented MP4 segments, measured in the same kind of window as the gateway ({@link PassthroughGateway}).
 */
final class PassthroughFfmpeg {
    private PassthroughFfmpeg() {
    }

    static Bench.Side measure(Bench.Options o, int n, Simulator sim, String ffmpeg, Path dir, Path logs) throws Exception {
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
            CpuSample a = CpuSample.take(pids, sim);
            Thread.sleep(o.window * 1000L);
            CpuSample b = CpuSample.take(pids, sim);
            Proc.Memory mem = Proc.Memory.NONE;
            long hwm = 0;
            int threads = 0;
            for (long pid : pids) {
                mem = mem.plus(Proc.memory(pid));
                hwm += PassthroughGateway.statusKiB(pid, "VmHWM:");
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
            double secs = (b.nanos() - a.nanos()) / 1e9;
            double cpu = pct(b.targetTicks() - a.targetTicks(), secs);
            return new Bench.Side("ffmpeg", n, n, aliveBefore, aliveAfter, withDataEnd, toStreaming, secs, cpu, cpu / n,
                    pct(b.simTicks() - a.simTicks(), secs), machinePct(a, b),
                    machinePct(a, b) - cpu - pct(b.simTicks() - a.simTicks(), secs), Proc.loadAverage1m(), mem.rssKiB() / 1024.0, mem.pssKiB() / 1024.0,
                    mem.pssAnonKiB() / 1024.0, hwm / 1024.0, threads, bytes1 - bytes0,
                    (bytes1 - bytes0) / (clipBytesPerSecond(o) * n * secs),
                    (b.tcpReceived() - a.tcpReceived()) / (clipBytesPerSecond(o) * n * secs), Proc.filesUnder(dir, ".mp4"), 0,
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
}
