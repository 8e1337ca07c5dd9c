package nl.poortwachter.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The results as a markdown table, plus the targets verdicts. */
final class Report {
    static final double CPU_RATIO_TARGET = 0.5;
    static final int CPU_RATIO_AT = 16;
    static final double MIB_PER_CAMERA_TARGET = 3.0;
    static final int MANY_CAMERAS = 100;

    private Report() {
    }

    static String brief(Bench.Side s) {
        return String.format(Locale.ROOT,
                "N=%d cpu=%.1f%% (%.2f%%/cam) rss=%.0f MiB pss=%.0f MiB peak=%.0f MiB threads=%d streaming %d->%d, "
                        + "data %d/%d, received/source=%.2f, recorded/source=%.2f, sim cpu=%.1f%%, machine=%.0f%% (others %.0f%%, load %.1f), reconnects=%d%s",
                s.cameras(), s.cpuPercent(), s.cpuPercentPerCamera(), s.rssMiB(), s.pssMiB(), s.peakRssMiB(), s.threads(),
                s.streamingAtStart(), s.streamingAtEnd(), s.camerasWithData(), s.cameras(), s.receivedVsSource(), s.recordedVsSource(),
                s.simulatorCpuPercent(), s.machineBusyPercent(), s.otherProcessesPercent(), s.loadAverage1m(), s.reconnects(),
                s.notes().isEmpty() ? "" : " NOTE " + s.notes());
    }

    private static Optional<Bench.Side> gateway1(List<Bench.Run> runs) {
        return runs.stream().filter(r -> r.cameras() == 1 && r.gateway() != null).map(Bench.Run::gateway).findFirst();
    }

    /** Memory added per camera beyond the first, vs the N=1 run: {rss, pss} MiB, or null. */
    static double[] marginal(List<Bench.Run> runs, Bench.Side s) {
        Optional<Bench.Side> one = gateway1(runs);
        if (one.isEmpty() || s.cameras() <= 1) {
            return null;
        }
        int extra = s.cameras() - 1;
        return new double[] {(s.rssMiB() - one.get().rssMiB()) / extra, (s.pssMiB() - one.get().pssMiB()) / extra};
    }

    static String table(List<Bench.Run> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| N | gateway CPU % | gateway CPU %/cam | gateway RSS MiB | gateway PSS MiB | +RSS MiB/cam vs N=1 "
                + "| +PSS MiB/cam vs N=1 | ffmpeg CPU % | ffmpeg CPU %/cam | ffmpeg PSS MiB | ffmpeg PSS MiB/cam "
                + "| CPU/cam gateway÷ffmpeg | simulator CPU % (gw / ff window) | machine busy % of " + 100 * Runtime.getRuntime().availableProcessors() + " (gw / ff) | other processes % (gw / ff) "
                + "| received÷source (gw / ff) | recorded÷source (gw / ff) | gateway streaming / wrote | gateway threads |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Bench.Run r : runs) {
            Bench.Side g = r.gateway();
            Bench.Side f = r.ffmpeg();
            double[] m = g == null ? null : marginal(runs, g);
            sb.append("| ").append(r.cameras());
            sb.append(" | ").append(g == null ? "-" : f1(g.cpuPercent()));
            sb.append(" | ").append(g == null ? "-" : f2(g.cpuPercentPerCamera()));
            sb.append(" | ").append(g == null ? "-" : f1(g.rssMiB()));
            sb.append(" | ").append(g == null ? "-" : f1(g.pssMiB()));
            sb.append(" | ").append(m == null ? "-" : f2(m[0]));
            sb.append(" | ").append(m == null ? "-" : f2(m[1]));
            sb.append(" | ").append(f == null ? "-" : f1(f.cpuPercent()));
            sb.append(" | ").append(f == null ? "-" : f2(f.cpuPercentPerCamera()));
            sb.append(" | ").append(f == null ? "-" : f1(f.pssMiB()));
            sb.append(" | ").append(f == null ? "-" : f2(f.pssMiB() / f.cameras()));
            sb.append(" | ").append(g == null || f == null || f.cpuPercent() <= 0 ? "-"
                    : f2(g.cpuPercentPerCamera() / f.cpuPercentPerCamera()));
            sb.append(" | ").append(g == null ? "-" : f1(g.simulatorCpuPercent())).append(" / ")
                    .append(f == null ? "-" : f1(f.simulatorCpuPercent()));
            sb.append(" | ").append(g == null ? "-" : f0(g.machineBusyPercent())).append(" / ")
                    .append(f == null ? "-" : f0(f.machineBusyPercent()));
            sb.append(" | ").append(g == null ? "-" : f0(g.otherProcessesPercent())).append(" / ")
                    .append(f == null ? "-" : f0(f.otherProcessesPercent()));
            sb.append(" | ").append(g == null ? "-" : f2(g.receivedVsSource())).append(" / ")
                    .append(f == null ? "-" : f2(f.receivedVsSource()));
            sb.append(" | ").append(g == null ? "-" : f2(g.recordedVsSource())).append(" / ")
                    .append(f == null ? "-" : f2(f.recordedVsSource()));
            sb.append(" | ").append(g == null ? "-" : g.streamingAtEnd() + "/" + g.cameras() + " / " + g.camerasWithData());
            sb.append(" | ").append(g == null ? "-" : Integer.toString(g.threads()));
            sb.append(" |\n");
        }
        List<String> notes = new ArrayList<>();
        for (Bench.Run r : runs) {
            for (Bench.Side s : new Bench.Side[] {r.gateway(), r.ffmpeg()}) {
                if (s != null && !s.notes().isEmpty()) {
                    notes.add("N=" + r.cameras() + " " + s.side() + ": " + s.notes());
                }
                if (s != null && s.reconnects() > 0) {
                    notes.add("N=" + r.cameras() + " " + s.side() + ": " + s.reconnects() + " reconnects in the window");
                }
            }
        }
        if (!notes.isEmpty()) {
            sb.append("\nNotes:\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    record Target(String name, String verdict, String detail) {
    }

    /**
     * What no run can show: negative CPU or memory, more cameras streaming or writing than configured, more
     * received or recorded than the source sends (10 % for RTP/RTSP overhead and the window's edges).
     */
    static Plausibility plausibility(List<Bench.Run> runs) {
        Plausibility p = new Plausibility();
        for (Bench.Run r : runs) {
            for (Bench.Side s : new Bench.Side[] {r.gateway(), r.ffmpeg()}) {
                if (s == null) {
                    continue;
                }
                String n = s.side() + " N=" + s.cameras() + ": ";
                p.atLeast(n + "CPU %", s.cpuPercent(), 0)
                        .atLeast(n + "RSS MiB", s.rssMiB(), 0)
                        .atMost(n + "cameras streaming", s.streamingAtEnd(), s.cameras())
                        .atMost(n + "cameras with data", s.camerasWithData(), s.cameras())
                        .atMost(n + "received÷source", s.receivedVsSource(), 1.10)
                        .atMost(n + "recorded÷source", s.recordedVsSource(), 1.10);
            }
        }
        return p;
    }

    static List<Target> targetList(List<Bench.Run> runs) {
        return plausibility(runs).judge(judged(runs));
    }

    private static List<Target> judged(List<Bench.Run> runs) {
        List<Target> out = new ArrayList<>();
        // 1. CPU per camera at 16 cameras <= 0.5x ffmpeg's.
        Optional<Bench.Run> r16 = runs.stream().filter(r -> r.cameras() == CPU_RATIO_AT && r.gateway() != null
                && r.ffmpeg() != null).findFirst();
        if (r16.isPresent()) {
            double ratio = r16.get().gateway().cpuPercentPerCamera() / r16.get().ffmpeg().cpuPercentPerCamera();
            out.add(new Target("CPU per camera at 16 cameras <= 0.5x ffmpeg-per-camera", ratio <= CPU_RATIO_TARGET ? "MET" : "MISSED",
                    String.format(Locale.ROOT, "gateway %.2f %%/cam, ffmpeg %.2f %%/cam: ratio %.2f",
                            r16.get().gateway().cpuPercentPerCamera(), r16.get().ffmpeg().cpuPercentPerCamera(), ratio)));
        } else {
            out.add(new Target("CPU per camera at 16 cameras <= 0.5x ffmpeg-per-camera", "NOT RUN", "needs N=16 with both sides"));
        }
        // 2. memory per extra camera <= 3 MiB, judged at the largest N (the best estimate of the slope).
        Optional<Bench.Side> largest = runs.stream().map(Bench.Run::gateway).filter(s -> s != null && s.cameras() > 1)
                .reduce((a, b) -> b.cameras() > a.cameras() ? b : a);
        if (largest.isPresent() && marginal(runs, largest.get()) != null) {
            StringBuilder d = new StringBuilder();
            for (Bench.Run r : runs) {
                if (r.gateway() != null && r.cameras() > 1) {
                    double[] m = marginal(runs, r.gateway());
                    d.append(String.format(Locale.ROOT, "N=%d: +%.2f MiB RSS, +%.2f MiB PSS per camera; ", r.cameras(), m[0], m[1]));
                }
            }
            double[] m = marginal(runs, largest.get());
            double worst = Math.max(m[0], m[1]);
            out.add(new Target("memory per extra camera <= 3 MiB (at N=" + largest.get().cameras() + ")",
                    worst <= MIB_PER_CAMERA_TARGET ? "MET" : "MISSED", d.toString().trim()));
        } else {
            out.add(new Target("memory per extra camera <= 3 MiB", "NOT RUN", "needs N=1 and a larger N"));
        }
        // 3. 100 cameras recorded on this machine.
        Optional<Bench.Side> many = runs.stream().filter(r -> r.cameras() == MANY_CAMERAS && r.gateway() != null)
                .map(Bench.Run::gateway).findFirst();
        if (many.isPresent()) {
            Bench.Side s = many.get();
            boolean allRecording = s.streamingAtEnd() == s.cameras() && s.camerasWithData() == s.cameras()
                    && s.notes().isEmpty();
            double keptUp = s.receivedVsSource() <= 0 ? 0 : s.recordedVsSource() / s.receivedVsSource();
            boolean realTime = s.receivedVsSource() >= 0.95;
            String verdict = !allRecording || keptUp < 0.95 ? "MISSED" : realTime ? "MET" : "PARTLY (source below real time)";
            out.add(new Target("100 cameras recorded", verdict, String.format(Locale.ROOT,
                    "%d/%d streaming at the end of the window, %d/%d wrote segments, received %.2f of the source rate, "
                            + "wrote %.2f of what it received, %d reconnects%s; gateway %.0f%% CPU, simulator %.0f%%, "
                            + "machine %.0f%% of %d%%",
                    s.streamingAtEnd(), s.cameras(), s.camerasWithData(), s.cameras(), s.receivedVsSource(), keptUp,
                    s.reconnects(), s.notes().isEmpty() ? "" : " (" + s.notes() + ")",
                    s.cpuPercent(), s.simulatorCpuPercent(), s.machineBusyPercent(),
                    100 * Runtime.getRuntime().availableProcessors())));
        } else {
            out.add(new Target("100 cameras recorded", "NOT RUN", "needs N=100"));
        }
        return out;
    }

    static String targets(List<Bench.Run> runs) {
        StringBuilder sb = new StringBuilder("\nTargets:\n");
        for (Target t : targetList(runs)) {
            sb.append("- ").append(t.name()).append(": **").append(t.verdict()).append("** — ").append(t.detail()).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Object> asMap(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("verdict", t.verdict());
        m.put("detail", t.detail());
        return m;
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
