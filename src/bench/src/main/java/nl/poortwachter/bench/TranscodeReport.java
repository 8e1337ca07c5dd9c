package nl.poortwachter.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The transcode bench's tables, the best setting at the quality floor, and the target verdict (issue 11). */
final class TranscodeReport {
    private TranscodeReport() {
    }

    /** One setting over every clip: the worst clip decides (a default must hold on every kind of picture); SSIM of the gateway's output. */
    record Summary(String setting, double worstCamerasPerCore, double worstSsim, double worstRatio) {
        boolean meetsFloor() {
            return worstSsim >= TranscodeBench.SSIM_FLOOR;
        }
    }

    static List<Summary> summaries(List<TranscodeBench.Measured> all) {
        Map<String, List<TranscodeBench.Measured>> bySetting = new LinkedHashMap<>();
        all.forEach(m -> bySetting.computeIfAbsent(m.setting(), k -> new ArrayList<>()).add(m));
        List<Summary> out = new ArrayList<>();
        bySetting.forEach((setting, ms) -> out.add(new Summary(setting,
                ms.stream().mapToDouble(TranscodeBench.Measured::camerasPerCore).min().orElse(Double.NaN),
                ms.stream().mapToDouble(TranscodeBench.Measured::gatewaySsim).min().orElse(Double.NaN),
                ms.stream().mapToDouble(m -> m.gatewayMsPerFrame() / m.cliMsPerFrame()).max().orElse(Double.NaN))));
        return out;
    }

    /** The most cameras per core among the settings at or above the SSIM floor on every clip. */
    static Optional<Summary> best(List<TranscodeBench.Measured> all) {
        return summaries(all).stream().filter(Summary::meetsFloor).max(Comparator.comparingDouble(Summary::worstCamerasPerCore));
    }

    /**
     * What no run can show: SSIM outside (0, 1], no CPU time, more pictures out of the gateway than went in
     * (or fewer: a picture lost), a bitrate of nothing.
     */
    static Plausibility plausibility(List<TranscodeBench.Measured> all) {
        Plausibility p = new Plausibility();
        for (TranscodeBench.Measured m : all) {
            String n = m.clip() + ", " + m.setting() + ": ";
            p.atLeast(n + "SSIM gateway", m.gatewaySsim(), 1e-9).atMost(n + "SSIM gateway", m.gatewaySsim(), 1)
                    .atLeast(n + "SSIM CLI", m.cliSsim(), 1e-9).atMost(n + "SSIM CLI", m.cliSsim(), 1)
                    .atLeast(n + "gateway pictures", m.gatewayPictures(), m.frames())
                    .atMost(n + "gateway pictures", m.gatewayPictures(), m.frames())
                    .atLeast(n + "kbit/s gateway", m.gatewayKbps(), 1e-9).atLeast(n + "kbit/s CLI", m.cliKbps(), 1e-9);
            for (double cpu : m.gatewayCpu()) {
                p.atLeast(n + "gateway CPU s", cpu, 1e-9);
            }
            for (double cpu : m.cliCpu()) {
                p.atLeast(n + "CLI CPU s", cpu, 1e-9);
            }
        }
        return p;
    }

    static List<Report.Target> targets(List<TranscodeBench.Measured> all) {
        String name = String.format(Locale.ROOT, ">= %.1f sanitized 1080p25 cameras per core at SSIM >= %.2f on every clip",
                TranscodeBench.CAMERAS_PER_CORE_TARGET, TranscodeBench.SSIM_FLOOR);
        Optional<Summary> b = best(all);
        Report.Target t = b.map(s -> new Report.Target(name, s.worstCamerasPerCore() >= TranscodeBench.CAMERAS_PER_CORE_TARGET
                        ? "MET" : "MISSED", String.format(Locale.ROOT, "best: %s, %.2f cameras per core (worst clip), SSIM >= %.4f, "
                        + "gateway CPU <= %.3fx the CLI's", s.setting(), s.worstCamerasPerCore(), s.worstSsim(), s.worstRatio())))
                .orElse(new Report.Target(name, "MISSED", "no setting reaches the SSIM floor on every clip"));
        return plausibility(all).judge(List.of(t));
    }

    static String markdown(List<TranscodeBench.Measured> all, Map<String, Double> decodeOnly, String loadBefore,
                           String loadAfter, int repeat) {
        StringBuilder sb = new StringBuilder();
        sb.append("Load average (1/5/15 min) before: ").append(loadBefore).append("; after: ")
                .append(loadAfter == null ? "(run not finished)" : loadAfter).append("\n\n");
        sb.append("CPU = user + system time of the process, median of ").append(repeat).append(repeat == 1 ? " run" : " runs")
                .append(" per side; cameras per core = 1 / (gateway CPU s per picture × 25); SSIM of each side's output against "
                        + "the decoded source (ffmpeg's ssim filter, All).\n");
        for (String clip : all.stream().map(TranscodeBench.Measured::clip).distinct().toList()) {
            sb.append(String.format(Locale.ROOT, "%n%s (decoding alone, CLI: %.2f ms per picture)%n%n", clip,
                    decodeOnly.getOrDefault(clip, Double.NaN)));
            sb.append("| encoder, settings | gateway CPU ms/picture | CLI CPU ms/picture | gateway ÷ CLI | 1080p25 cameras per core "
                    + "| SSIM gateway / CLI | kbit/s gateway / CLI |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (TranscodeBench.Measured m : all) {
                if (m.clip().equals(clip)) {
                    sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.2f | %.4f / %.4f | %.0f / %.0f |%n",
                            m.setting(), m.gatewayMsPerFrame(), m.cliMsPerFrame(), m.gatewayMsPerFrame() / m.cliMsPerFrame(),
                            m.camerasPerCore(), m.gatewaySsim(), m.cliSsim(), m.gatewayKbps(), m.cliKbps()));
                }
            }
        }
        sb.append("\nEvery clip (the worst clip counts)\n\n| encoder, settings | cameras per core | SSIM | gateway ÷ CLI (highest) "
                + "| SSIM >= " + TranscodeBench.SSIM_FLOOR + " |\n|---|---:|---:|---:|---|\n");
        for (Summary s : summaries(all)) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.4f | %.3f | %s |%n", s.setting(), s.worstCamerasPerCore(),
                    s.worstSsim(), s.worstRatio(), s.meetsFloor() ? "yes" : "no"));
        }
        sb.append("\nTargets:\n");
        for (Report.Target t : targets(all)) {
            sb.append("- ").append(t.name()).append(": **").append(t.verdict()).append("** — ").append(t.detail()).append('\n');
        }
        return sb.toString();
    }
}
