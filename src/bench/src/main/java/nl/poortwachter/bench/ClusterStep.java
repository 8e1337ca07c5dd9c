package nl.poortwachter.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One step of the cluster bench: {@code cameras} passthrough cameras on {@code nodes} gateway processes, measured over
 * a window once every camera records. The box is full when a camera is recorded less than
 * {@link ClusterBench#FULL_REAL_TIME} of the window, a node reports a camera degraded, or the nodes' measured
 * capacity (D91), once every node has one, is below the cameras.
 *
 * @param atFullRealTime  cameras recorded at least {@link ClusterBench#FULL_REAL_TIME} of the window
 * @param gatewayCores    CPU of all gateway processes together, in cores (user + system, from /proc)
 * @param machineBusyPct  the whole machine's busy share over the window, of all its cores (other work included)
 * @param measured        node → its published measured capacity (null: none yet)
 */
record ClusterStep(int nodes, int cameras, int atFullRealTime, double minRecordedShare, double gatewayCores,
                   double simulatorCores, double machineBusyPct, int degraded, long maxLagMillis, double roomCores,
                   Map<String, Integer> camerasPerNode, Map<String, Integer> measured) {

    static ClusterStep measure(int nodes, List<String> ids, List<GatewayProcess> gateways, List<GatewayApi> apis,
                               Simulator sim, ClusterProbe probe, int windowSeconds) throws Exception {
        long added = System.currentTimeMillis();
        if (!probe.awaitSteady(ids, added, 60_000 + 1_000L * ids.size())) {
            Bench.log("not every camera records, or cameras still move, after " + (60 + ids.size())
                    + " s: measuring all the same");
        }
        List<Long> pids = gateways.stream().map(GatewayProcess::pid).toList();
        CpuSample a = CpuSample.take(pids, sim);
        long from = System.currentTimeMillis();
        Thread.sleep(windowSeconds * 1000L);
        CpuSample b = CpuSample.take(pids, sim);
        long to = System.currentTimeMillis();
        int degraded = 0;
        long maxLag = 0;
        double room = 0;
        for (GatewayApi api : apis) {
            JsonNode c = api.capacity();
            degraded += c.path("degradedCameras").asInt();
            room += c.path("roomCores").asDouble();
            for (JsonNode cam : c.path("cameras")) {
                maxLag = Math.max(maxLag, cam.path("lagMillis").asLong());
            }
        }
        Map<String, Integer> perNode = probe.camerasPerNode();
        Map<String, Integer> measured = probe.measuredCapacity();
        // The index's end of a segment follows the fragments on disk: give the last fragment of the window time to land.
        Thread.sleep(3_000);
        Map<String, Long> recorded = probe.recordedMillis(ids, from, to);
        double wall = to - from;
        int full = 0;
        double minShare = Double.MAX_VALUE;
        for (long millis : recorded.values()) {
            full += millis >= ClusterBench.FULL_REAL_TIME * wall ? 1 : 0;
            minShare = Math.min(minShare, millis / wall);
        }
        double secs = (b.nanos() - a.nanos()) / 1e9;
        return new ClusterStep(nodes, ids.size(), full, minShare, CpuSample.pct(b.targetTicks() - a.targetTicks(), secs) / 100,
                CpuSample.pct(b.simTicks() - a.simTicks(), secs) / 100, CpuSample.machinePct(a, b)
                / Runtime.getRuntime().availableProcessors(), degraded, maxLag, room, perNode, measured);
    }

    /** The nodes' measured capacity together, or null while a node has measured nothing. */
    Integer measuredTotal() {
        if (measured.size() < nodes || measured.values().stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return measured.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Why the box is full at this step; null when it is not. */
    @JsonProperty("full")
    String fullBecause() {
        if (atFullRealTime < cameras) {
            return (cameras - atFullRealTime) + " cameras recorded less than real time";
        }
        if (degraded > 0) {
            return degraded + " cameras degraded";
        }
        Integer m = measuredTotal();
        return m != null && m < cameras ? "measured capacity " + m + " < " + cameras : null;
    }

    boolean full() {
        return fullBecause() != null;
    }

    /** CPU of the gateways per camera, in % of one core. */
    @JsonProperty("cpuPerCameraPctOfOneCore")
    double cpuPerCameraPct() {
        return gatewayCores * 100 / cameras;
    }

    String line() {
        return String.format(Locale.ROOT, "%d nodes, %d cameras: %d at full real time (min %.2f), gateways %.2f cores "
                        + "(%.1f %% of a core per camera), simulator %.2f, machine %.0f %% busy, %d degraded, max lag %d ms, "
                        + "room %.2f cores, per node %s, measured %s%s", nodes, cameras, atFullRealTime, minRecordedShare,
                gatewayCores, cpuPerCameraPct(), simulatorCores, machineBusyPct, degraded, maxLagMillis, roomCores,
                camerasPerNode, measured, full() ? " -> full: " + fullBecause() : "");
    }

    /**
     * One node count's result: the most cameras recorded at full real time with the box not full, the CPU per camera
     * there, the step where it was full (null: not within the cameras tried, so the most is a lower bound), and that
     * most against one node's times the node count (linear within 15 %: at least 0.85), only when both were full
     * within the cameras tried (lower bounds compare nothing).
     */
    record Summary(int nodes, int mostCamerasAtFullRealTime, Double cpuPerCameraPctOfOneCore, Integer fullAtCameras,
                   String fullBecause, Double againstOneNodeTimesNodes) {
    }

    static List<Summary> summary(List<ClusterStep> steps) {
        List<Summary> out = new ArrayList<>();
        Summary one = null;
        for (int n = 1; n <= ClusterBench.NODE_NAMES.size(); n++) {
            ClusterStep best = null;
            ClusterStep full = null;
            for (ClusterStep s : steps) {
                if (s.nodes == n && !s.full()) {
                    best = s;
                } else if (s.nodes == n && full == null) {
                    full = s;
                }
            }
            if (best == null && full == null) {
                continue;
            }
            int most = best == null ? 0 : best.cameras;
            boolean comparable = one != null && one.fullAtCameras != null && one.mostCamerasAtFullRealTime > 0
                    && full != null;
            Summary s = new Summary(n, most, best == null ? null : best.cpuPerCameraPct(),
                    full == null ? null : full.cameras, full == null ? null : full.fullBecause(),
                    comparable ? most / (double) (one.mostCamerasAtFullRealTime * n) : null);
            one = n == 1 ? s : one;
            out.add(s);
        }
        return out;
    }

    static String markdown(List<ClusterStep> steps) {
        StringBuilder sb = new StringBuilder("| nodes | cameras | at full real time (min share) | gateways' CPU, cores "
                + "| per camera, % of a core | simulator, cores | machine busy | degraded | max lag | room (cores) "
                + "| cameras per node | measured capacity | full? |\n|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (ClusterStep s : steps) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %d (%.2f) | %.2f | %.1f | %.2f | %.0f %% | %d | %.1f s | %.2f "
                            + "| %s | %s | %s |\n", s.nodes, s.cameras, s.atFullRealTime, s.minRecordedShare, s.gatewayCores,
                    s.cpuPerCameraPct(), s.simulatorCores, s.machineBusyPct, s.degraded, s.maxLagMillis / 1000.0,
                    s.roomCores, s.camerasPerNode, s.measured, s.full() ? s.fullBecause() : "no"));
        }
        sb.append("\n| nodes | most cameras at full real time | per camera, % of a core | full at "
                + "| ÷ (1 node × nodes), when both were full |\n"
                + "|---:|---:|---:|---|---:|\n");
        for (Summary m : summary(steps)) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s |\n", m.nodes(), m.mostCamerasAtFullRealTime(),
                    format(m.cpuPerCameraPctOfOneCore()), m.fullAtCameras() == null
                            ? "not within the cameras tried (a lower bound)" : m.fullAtCameras() + " cameras: " + m.fullBecause(),
                    format(m.againstOneNodeTimesNodes())));
        }
        return sb.toString();
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
