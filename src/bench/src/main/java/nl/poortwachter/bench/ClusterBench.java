package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.database.PostgresOptions;
import nl.poortwachter.recorder.testing.ClusterNodes;
import nl.poortwachter.recorder.testing.PostgresServer;

/**
 * Aggregate cameras recorded against cluster nodes on this machine (issue 14): one throwaway PostgreSQL server, 1,
 * then 2, then 3 gateway processes (each joining the running cluster) and the simulator replaying the 1080p25
 * clip to passthrough cameras. For each node count the cameras are raised step by step until the box is full: a
 * camera recorded less than {@link #FULL_REAL_TIME} of the window, a camera degraded, or the nodes' measured capacity
 * (D91) below the cameras. Per step: cameras at full real time, CPU of the gateways per camera, the room the capacity
 * API reports; per node count: the most cameras at full real time and the scaling against one node. Then that node
 * count's cameras are removed and the next node joins. Run as {@code src/bench/bench cluster [--quick] [options]}.
 */
public final class ClusterBench {
    /** Recorded ÷ wall time a camera needs in the window to count as recorded at full real time. */
    static final double FULL_REAL_TIME = 0.95;
    static final List<String> NODE_NAMES = List.of("node-1", "node-2", "node-3");

    private ClusterBench() {
    }

    static final class Options {
        List<Integer> nodes = List.of(1, 2, 3);
        List<Integer> cameras = List.of(8, 16, 24, 32, 40, 48, 64, 80, 96, 128);
        int window = 30;
        Path root = Path.of("").toAbsolutePath();
        Path out;
    }

    static String usage() {
        return """
                usage: src/bench/bench cluster [options]
                  --nodes 1,2,3          node counts, ascending (each joins the running cluster; at most 3)
                  --cameras 8,16,24,...  camera counts per node count, ascending, until the box is full
                                         (default 8,16,24,32,40,48,64,80,96,128)
                  --window SECONDS       measuring window per step (default 30)
                  --quick                nodes 1,2,3, cameras 2,4, window 15 (a check of the harness, ~3 min)
                  --out DIR              results folder (default src/bench/target/bench-results)
                """;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> o.nodes = ints(args[++i]);
                case "--cameras" -> o.cameras = ints(args[++i]);
                case "--window" -> o.window = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    o.nodes = List.of(1, 2, 3);
                    o.cameras = List.of(2, 4);
                    o.window = 15;
                }
                case "--root" -> o.root = Path.of(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                default -> Bench.otherOption(args[i], usage());
            }
        }
        if (o.nodes.isEmpty() || o.nodes.get(o.nodes.size() - 1) > NODE_NAMES.size() || o.nodes.get(0) < 1
                || !ascending(o.nodes) || o.cameras.isEmpty() || o.cameras.get(0) < 1 || !ascending(o.cameras)) {
            throw new IllegalArgumentException("--nodes between 1 and 3 and --cameras from 1, both ascending\n" + usage());
        }
        if (o.out == null) {
            o.out = o.root.resolve("src/bench/target/bench-results");
        }
        return o;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    private static boolean ascending(List<Integer> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        Options o = Bench.optionsOrExit(ClusterBench::parse, args);
        HarnessRun run = HarnessRun.begin(o.out, "cluster", "");
        Path logs = run.logs();
        Path work = run.work();
        int most = o.cameras.get(o.cameras.size() - 1);
        Clips.ensureReplay(o.root, Clips.REPLAY);
        PostgresOptions db = PostgresServer.shared().newDatabase();
        List<String> names = NODE_NAMES.subList(0, o.nodes.get(o.nodes.size() - 1));
        ClusterNodes cluster = new ClusterNodes(names, db, 6_000);
        List<ClusterStep> steps = new ArrayList<>();
        List<GatewayProcess> running = new ArrayList<>();
        try (Simulator sim = Simulator.start(o.root, Clips.REPLAY, most, work.resolve("sim-stats.json"),
                logs.resolve("simulator.log"));
             ClusterProbe probe = new ClusterProbe(db)) {
            String password = GatewayProcess.randomPassword();
            for (int n : o.nodes) {
                while (running.size() < n) {
                    running.add(startNode(o, cluster, names, running.size(), work, logs, most));
                    Bench.log(names.get(running.size() - 1) + " started");
                    if (running.size() == 1) {
                        new GatewayApi(running.get(0).baseUrl()).login("admin", running.get(0).adminPassword())
                                .createUser("bench-integrator", "integrator", List.of(), password);
                    }
                }
                probe.awaitNodes(n, 60_000);
                List<GatewayApi> apis = integrators(running, password);
                List<String> ids = new ArrayList<>();
                for (int k : o.cameras) {
                    while (ids.size() < k) {
                        String id = cameraId(n, ids.size());
                        apis.get(0).addCamera(LiveBench.camera(id, sim.url("/replay/" + ids.size()), "passthrough"));
                        ids.add(id);
                    }
                    ClusterStep step = ClusterStep.measure(n, ids, running, apis, sim, probe, o.window);
                    steps.add(step);
                    Bench.log(step.line());
                    if (step.full()) {
                        break;
                    }
                }
                for (String id : ids) {
                    apis.get(0).removeCamera(id);
                }
                probe.awaitNoLeases(60_000);
            }
        } finally {
            for (GatewayProcess gw : running) {
                gw.close();
            }
            Proc.deleteTree(work);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("steps", steps);
        results.put("perNodeCount", ClusterStep.summary(steps));
        String loads = run.loads(results);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("nodes", o.nodes);
        settings.put("cameras", o.cameras);
        settings.put("window", o.window);
        settings.put("clip", "replay 1080p25 4 Mbit/s, passthrough");
        settings.put("fullRealTime", FULL_REAL_TIME);
        String markdown = ClusterStep.markdown(steps) + loads;
        ResultFiles.write(o.out, "cluster-results", "Cluster bench: cameras against nodes", run.started(), run.machine(),
                settings, results, markdown);
        System.out.println(markdown);
        Bench.log("results in " + o.out.resolve("cluster-results.md"));
    }

    /** Camera ids differ per node count: the cameras of one are removed before the next node joins. */
    static String cameraId(int nodes, int i) {
        return "n" + nodes + "-cam-" + i;
    }

    private static GatewayProcess startNode(Options o, ClusterNodes cluster, List<String> names, int index, Path work,
                                            Path logs, int most) throws IOException, InterruptedException {
        String name = names.get(index);
        Path home = work.resolve(name);
        if (index > 0) {
            ClusterNodes.shareSigningKey(work.resolve(names.get(0)).resolve("storage"), home.resolve("storage"));
        }
        List<String> allowed = new ArrayList<>();
        for (int n : o.nodes) {
            for (int i = 0; i < most; i++) {
                allowed.add(cameraId(n, i));
            }
        }
        // The simulator runs on loopback, which cameras may use only when allowed (D49); passthrough per camera.
        String yaml = "cameraSpecialAddresses: [loopback]\n"
                + "passthrough: {allowCameras: [" + String.join(", ", allowed) + "]}\n"
                + "recording: {segmentSeconds: 10}\n" + cluster.yaml(name);
        return GatewayProcess.start(home, yaml, Bench.DEFAULT_GATEWAY_JVM_OPTS, Bench.DEFAULT_GATEWAY_ENV + " "
                + ClusterNodes.SECRET_ENV + "=" + ClusterNodes.SECRET, logs.resolve(name + ".log"));
    }

    /**
     * The integrator logged in on every node (users are shared: made once through the first node, whose bootstrap
     * made the administrator; a node that joined later knows the user within about half a second, D73).
     */
    private static List<GatewayApi> integrators(List<GatewayProcess> nodes, String password) throws Exception {
        List<GatewayApi> out = new ArrayList<>();
        for (GatewayProcess gw : nodes) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    out.add(new GatewayApi(gw.baseUrl()).login("bench-integrator", password));
                    break;
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(250);
                }
            }
        }
        return out;
    }
}
