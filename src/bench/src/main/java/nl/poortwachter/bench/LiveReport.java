package nl.poortwachter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The live bench's tables and target verdicts (issue 4). */
final class LiveReport {
    static final int FAN_OUT_TARGET = 500;
    static final double PASSTHROUGH_TARGET_MS = 500;
    static final double TRANSCODED_TARGET_MS = 1000;

    private LiveReport() {
    }

    static String brief(LiveBench.FanOut f) {
        return String.format(Locale.ROOT, "N=%d connected=%d open=%d gw cpu=%.1f%% rss=%.0f MiB (peak %.0f) bench cpu=%.1f%% "
                        + "sim cpu=%.1f%% machine=%.0f%% others=%.0f%% pics/viewer/s=%.2f (camera %.1f fps) dropped=%d gaps=%d missing=%d "
                        + "client min/p50/p95/p99/max=%.0f/%.0f/%.0f/%.0f/%.0f ms behind-first-viewer p50/p95/p99/max=%.0f/%.0f/%.0f/%.0f ms send mean=%.1f p50/p95/p99=%.1f/%.1f/%.1f ms "
                        + "sim sessions on /small %d..%d load %.2f%s",
                f.viewers(), f.connected(), f.openAtEnd(), f.gatewayCpuPercent(), f.gatewayRssMiB(), f.gatewayPeakRssMiB(),
                f.benchCpuPercent(), f.simulatorCpuPercent(), f.machineBusyPercent(), f.otherCpuPercent(),
                f.picturesPerViewerPerSecond(), f.cameraFps(), f.droppedChunks(), f.sequenceGaps(), f.missingPictures(),
                f.clientMin(), f.clientP50(), f.clientP95(),
                f.clientP99(), f.clientMax(), f.spreadP50(), f.spreadP95(), f.spreadP99(), f.spreadMax(), f.sendMeanMs(), f.sendP50(), f.sendP95(), f.sendP99(), f.simSessionsMin(),
                f.simSessionsMax(), f.loadAverage1m(), f.notes().isEmpty() ? "" : " NOTE " + f.notes());
    }

    static String markdown(List<LiveBench.FanOut> fanOuts, List<LiveBench.Latency> latencies, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("Load average (1/5/15 min) before: ").append(loadBefore).append("; after: ")
                .append(loadAfter == null ? "(run not finished)" : loadAfter).append("\n\n");
        sb.append("Fan-out: N WebSocket viewers of one passthrough camera (640x360, 25 fps, 500 kbit/s)\n\n");
        sb.append("| N | connected / open at end | gateway CPU % | gateway RSS MiB (peak) | gateway threads | bench client CPU % "
                + "| simulator CPU % | machine busy % of " + 100 * Runtime.getRuntime().availableProcessors()
                + " | other processes CPU % | pictures/viewer/s (camera fps) | viewers without pictures "
                + "| dropped (live_chunks_dropped_total) | sequence gaps (pictures missing) "
                + "| behind the first viewer p50 / p95 / p99 / max ms | gateway time→client min / p50 / p95 / p99 / max ms "
                + "| live_send_latency mean (window) / p50 / p95 / p99 ms | simulator sessions on /small |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LiveBench.FanOut f : fanOuts) {
            sb.append(String.format(Locale.ROOT,
                    "| %d | %d / %d | %.1f | %.0f (%.0f) | %d | %.1f | %.1f | %.0f | %.0f | %.2f (%.1f) | %d | %d | %d (%d) "
                            + "| %.0f / %.0f / %.0f / %.0f | %.0f / %.0f / %.0f / %.0f / %.0f | %.1f / %.1f / %.1f / %.1f | %s |\n",
                    f.viewers(), f.connected(), f.openAtEnd(), f.gatewayCpuPercent(), f.gatewayRssMiB(), f.gatewayPeakRssMiB(),
                    f.gatewayThreads(), f.benchCpuPercent(), f.simulatorCpuPercent(), f.machineBusyPercent(), f.otherCpuPercent(),
                    f.picturesPerViewerPerSecond(), f.cameraFps(), f.withoutPictures(), f.droppedChunks(),
                    f.sequenceGaps(), f.missingPictures(), f.spreadP50(), f.spreadP95(), f.spreadP99(), f.spreadMax(),
                    f.clientMin(), f.clientP50(), f.clientP95(), f.clientP99(), f.clientMax(),
                    f.sendMeanMs(), f.sendP50(), f.sendP95(), f.sendP99(),
                    f.simSessionsMin() == f.simSessionsMax() ? Integer.toString(f.simSessionsMin())
                            : f.simSessionsMin() + ".." + f.simSessionsMax()));
        }
        List<String> notes = new ArrayList<>();
        for (LiveBench.FanOut f : fanOuts) {
            if (!f.notes().isEmpty()) {
                notes.add("N=" + f.viewers() + ": " + f.notes());
            }
            if (f.negativeLatencies() > 0) {
                notes.add("N=" + f.viewers() + ": " + f.negativeLatencies() + " pictures received 'before' their gateway time "
                        + "(impossible: the run is invalid)");
            }
        }
        if (!notes.isEmpty()) {
            sb.append("\nNotes:\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        if (!latencies.isEmpty()) {
            sb.append("\nLatency to the screen (headless Chromium, camera page), with one WebSocket viewer beside it\n\n");
            sb.append("| camera | mode | codec | browser samples | gateway time → shown, as the page measures it, min / p50 / p95 / max ms "
                    + "| gateway time→lone WebSocket viewer min / p50 / p95 / max ms "
                    + "| live_send_latency p50 / p95 ms |\n");
            sb.append("|---|---|---|---:|---:|---:|---:|\n");
            for (LiveBench.Latency l : latencies) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.0f / %.0f / %.0f / %.0f | %.0f / %.0f / %.0f / %.0f "
                                + "| %.1f / %.1f |\n",
                        l.camera(), l.mode(), l.codec(), l.browserSamples(), l.browserMin(), l.browserP50(), l.browserP95(), l.browserMax(),
                        l.clientMin(), l.clientP50(), l.clientP95(), l.clientMax(), l.sendP50(), l.sendP95()));
            }
            sb.append("\nThe picture time is when the camera's picture reached the gateway, on this machine's clock; "
                    + "for a transcoded camera the decoding and encoding delay is therefore included. A live message leaves one picture interval after its picture arrived (its duration "
                    + "is known when the next one starts).\n");
        }
        sb.append("\nTargets:\n");
        for (Report.Target t : targets(fanOuts, latencies)) {
            sb.append("- ").append(t.name()).append(": **").append(t.verdict()).append("** — ").append(t.detail()).append('\n');
        }
        return sb.toString();
    }

    /**
     * What no run can show: a picture received or shown before it reached the gateway, more viewers open than
     * connected, more pictures per viewer than the camera sent (5 % for the window's edges).
     */
    static Plausibility plausibility(List<LiveBench.FanOut> fanOuts, List<LiveBench.Latency> latencies) {
        Plausibility p = new Plausibility();
        for (LiveBench.FanOut f : fanOuts) {
            String n = "N=" + f.viewers() + ": ";
            p.atMost(n + "viewers connected", f.connected(), f.viewers())
                    .atMost(n + "viewers open at the end", f.openAtEnd(), f.connected())
                    .atLeast(n + "gateway time → client, min ms", f.clientMin(), 0)
                    .atMost(n + "pictures/viewer/s", f.picturesPerViewerPerSecond(),
                            f.cameraFps() > 0 ? f.cameraFps() * 1.05 : Double.POSITIVE_INFINITY);
        }
        for (LiveBench.Latency l : latencies) {
            p.atLeast(l.mode() + ": gateway time → shown, min ms", l.browserMin(), 0)
                    .atLeast(l.mode() + ": gateway time → WebSocket viewer, min ms", l.clientMin(), 0);
        }
        return p;
    }

    static List<Report.Target> targets(List<LiveBench.FanOut> fanOuts, List<LiveBench.Latency> latencies) {
        return plausibility(fanOuts, latencies).judge(judged(fanOuts, latencies));
    }

    private static List<Report.Target> judged(List<LiveBench.FanOut> fanOuts, List<LiveBench.Latency> latencies) {
        List<Report.Target> out = new ArrayList<>();
        Optional<LiveBench.FanOut> big = fanOuts.stream().filter(f -> f.viewers() == FAN_OUT_TARGET).findFirst();
        String name = FAN_OUT_TARGET + " viewers of one camera on " + Runtime.getRuntime().availableProcessors() + " cores without drops";
        if (big.isEmpty()) {
            out.add(new Report.Target(name, "NOT RUN", "needs --viewers with " + FAN_OUT_TARGET));
        } else {
            LiveBench.FanOut f = big.get();
            boolean all = f.connected() == f.viewers() && f.openAtEnd() == f.viewers() && f.withoutPictures() == 0;
            boolean noDrops = f.droppedChunks() == 0 && f.sequenceGaps() == 0;
            boolean fullRate = f.cameraFps() <= 0 || f.picturesPerViewerPerSecond() >= 0.95 * f.cameraFps();
            boolean oneSession = f.simSessionsMax() == 1;
            out.add(new Report.Target(name, all && noDrops && fullRate && oneSession ? "MET" : "MISSED", String.format(Locale.ROOT,
                    "%d/%d connected, %d open at the end, %d without pictures; %d dropped by the gateway, %d sequence gaps; "
                            + "%.2f pictures/viewer/s of %.1f; gateway %.0f%% CPU, bench client %.0f%%, machine %.0f%% of %d%%; "
                            + "simulator sessions on /small %d..%d",
                    f.connected(), f.viewers(), f.openAtEnd(), f.withoutPictures(), f.droppedChunks(), f.sequenceGaps(),
                    f.picturesPerViewerPerSecond(), f.cameraFps(), f.gatewayCpuPercent(), f.benchCpuPercent(),
                    f.machineBusyPercent(), 100 * Runtime.getRuntime().availableProcessors(), f.simSessionsMin(), f.simSessionsMax())));
        }
        latencyTarget(out, latencies, "passthrough", PASSTHROUGH_TARGET_MS);
        latencyTarget(out, latencies, "transcode", TRANSCODED_TARGET_MS);
        latencyTarget(out, latencies, "transcode 1080p", TRANSCODED_TARGET_MS);
        return out;
    }

    /** Judged on the p95 (every picture, not just the typical one, should be that fresh); the median is given too. */
    private static void latencyTarget(List<Report.Target> out, List<LiveBench.Latency> latencies, String mode, double limit) {
        String name = "arrival at gateway → browser under " + Math.round(limit) + " ms, " + mode;
        Optional<LiveBench.Latency> l = latencies.stream().filter(x -> x.mode().equals(mode)).findFirst();
        if (l.isEmpty() || l.get().browserSamples() == 0) {
            out.add(new Report.Target(name, "NOT RUN", "no browser samples"));
            return;
        }
        LiveBench.Latency x = l.get();
        String verdict = x.browserP95() < limit ? "MET" : x.browserP50() < limit ? "MET AT THE MEDIAN ONLY" : "MISSED";
        out.add(new Report.Target(name, verdict, String.format(Locale.ROOT,
                "p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d pictures (a WebSocket viewer beside it: p50 %.0f ms)",
                x.browserP50(), x.browserP95(), x.browserMax(), x.browserSamples(), x.clientP50())));
    }
}
