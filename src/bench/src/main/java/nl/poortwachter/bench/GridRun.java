package nl.poortwachter.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench live --grid 16 --grid-minutes 10}: does a live grid stay within a second of live for minutes on end?
 * N passthrough cameras on the simulator's {@code /small} mount (640x360 H.264 25 fps: what a sub-stream delivers),
 * an operator whose saved layout is the N-tile grid, and Chromium on /live for the given minutes
 * ({@link GridLatency}). Results: live-grid-results.{json,md} beside the other live results.
 */
final class GridRun {
    static final String PREFIX = "grid-";

    private GridRun() {
    }

    static List<String> cameras(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(String.format(Locale.ROOT, "%s%02d", PREFIX, i));
        }
        return ids;
    }

    static void run(LiveBench.Options o, GatewayProcess gw, GatewayApi admin, GatewayApi integrator, Simulator sim,
                    Path work, Map<String, Object> machine) throws Exception {
        Instant started = Instant.now();
        List<String> ids = cameras(o.gridTiles);
        for (String id : ids) {
            integrator.addCamera(LiveBench.camera(id, sim.url(LiveBench.MOUNT), "passthrough"));
        }
        for (String id : ids) {
            LiveBench.waitStreaming(integrator, id);
        }
        String password = GatewayProcess.randomPassword();
        GatewayApi viewer = admin.createUser("bench-grid", "operator", ids, password);
        int layout = o.gridTiles <= 1 ? 1 : o.gridTiles <= 4 ? 4 : o.gridTiles <= 9 ? 9 : 16;
        viewer.setPreferences(Map.of("liveLayout", layout));
        String loadBefore = Proc.loadavg();
        long gw0 = Proc.cpuTicks(gw.pid());
        long[] m0 = Proc.machineTicks();
        GridLatency.Result r;
        try (GridLatency grid = new GridLatency(work)) {
            grid.logIn(gw.baseUrl(), "bench-grid", password);
            r = grid.measure(gw.baseUrl(), ids.size(), o.browserSettle, o.gridMinutes);
        }
        long[] m1 = Proc.machineTicks();
        double gatewayCpu = LiveBench.pct(Proc.cpuTicks(gw.pid()) - gw0, r.seconds());
        double machineBusy = LiveBench.machinePct(m0, m1);
        String loadAfter = Proc.loadavg();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tiles", o.gridTiles);
        settings.put("layout", layout);
        settings.put("minutes", o.gridMinutes);
        settings.put("settleSeconds", o.browserSettle);
        settings.put("camera", "simulator " + LiveBench.MOUNT + " (640x360 H.264 25 fps 500 kbit/s), passthrough, one RTSP"
                + " session per camera; Chromium 1920x1080 headless, software decoding");
        settings.put("recorderSnapshot", Bench.recorderSnapshot(o.root));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("loadAverageBefore", loadBefore);
        results.put("loadAverageAfter", loadAfter);
        results.put("gatewayCpuPercent", gatewayCpu);
        results.put("machineBusyPercent", machineBusy);
        results.put("grid", r);
        ResultFiles.write(o.out, "live-grid-results", "Live grid bench", started, machine, settings, results,
                markdown(r, gatewayCpu, machineBusy, loadBefore, loadAfter));
        Bench.log(String.format(Locale.ROOT, "grid of %d: p50 %.0f ms, p95 %.0f ms, max %.0f ms, %.2f %% over 1 s;"
                + " load %s -> %s", r.tiles(), r.p50(), r.p95(), r.max(), r.overOneSecondPercent(), loadBefore, loadAfter));
    }

    static String markdown(GridLatency.Result r, double gatewayCpu, double machineBusy, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d tiles for %.0f s. Load average (1/5/15 min) before: %s; after: %s. "
                        + "Machine busy %.0f %% of %d; gateway %.0f %% of a core; Chromium %.0f %% of a core.%n%n",
                r.tiles(), r.seconds(), loadBefore, loadAfter, machineBusy, 100 * Runtime.getRuntime().availableProcessors(),
                gatewayCpu, r.chromiumCpuPercent()));
        sb.append(String.format(Locale.ROOT, "All tiles: p50 %.0f ms, p95 %.0f ms, max %.0f ms; %.2f %% of pictures more"
                + " than 1 s after arrival.%n%n", r.p50(), r.p95(), r.max(), r.overOneSecondPercent()));
        sb.append("| tile | pictures shown (per s) | p50 ms | p95 ms | max ms | > 1 s % | jumps to the live edge |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (GridLatency.Tile t : r.perTile()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d (%.1f) | %.0f | %.0f | %.0f | %.2f | %d |%n", t.camera(),
                    t.samples(), t.samples() / r.seconds(), t.p50(), t.p95(), t.max(), t.overOneSecondPercent(), t.skips()));
        }
        sb.append("\n| minute | pictures | p50 ms | p95 ms | max ms |\n|---:|---:|---:|---:|---:|\n");
        for (GridLatency.Minute m : r.perMinute()) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f |%n", m.minute(), m.samples(), m.p50(),
                    m.p95(), m.max()));
        }
        return sb.toString();
    }
}
