package nl.poortwachter.recorder.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import nl.poortwachter.recorder.database.PostgresOptions;

/**
 * Gateway processes on this machine as the nodes of one cluster (docs/cluster.md), for ClusterFailoverIT and the
 * cluster bench: each node's {@code cluster:} section (its ports chosen once, kept across its restarts, every other
 * node listed as a member), the cluster secret for its environment, and the signing key copied from the first node
 * as an operator would.
 */
public final class ClusterNodes {
    /** {@code POORTWACHTER_CLUSTER_SECRET} of every node. */
    public static final String SECRET = "e2e-cluster-secret-of-at-least-32-characters";
    public static final String SECRET_ENV = "POORTWACHTER_CLUSTER_SECRET";

    private final List<String> nodes;
    private final PostgresOptions db;
    private final long leaseMillis;
    /** Per node: Hazelcast, node-to-node (the event bus takes any free port). */
    private final Map<String, int[]> ports = new LinkedHashMap<>();

    /** Chooses every node's ports now: each node's configuration must name the others' before the first starts. */
    public ClusterNodes(List<String> nodes, PostgresOptions db, long leaseMillis) throws IOException {
        this.nodes = List.copyOf(nodes);
        this.db = db;
        this.leaseMillis = leaseMillis;
        for (String n : nodes) {
            int hazelcast = listenablePort();
            ports.put(n, new int[] {hazelcast, 0});
            ports.get(n)[1] = listenablePort();
        }
    }

    /** The node's {@code cluster:} section (YAML, at the top level). */
    public String yaml(String node) {
        int[] p = ports.get(node);
        String members = String.join(", ", nodes.stream().filter(n -> !n.equals(node))
                .map(n -> "127.0.0.1:" + ports.get(n)[0]).toList());
        return """
                cluster:
                  nodeId: %s
                  databaseUrl: %s
                  databaseUser: %s
                  leaseSeconds: %d
                  host: 127.0.0.1
                  hazelcastPort: %d
                  eventBusPort: 0
                  peerPort: %d
                  members: [%s]
                """.formatted(node, db.url(), db.user(), leaseMillis / 1000, p[0], p[1], members);
    }

    /**
     * Copies the first node's signing key into another node's storage folder before that node's first start: every
     * node's audit checkpoints must verify with the cluster's one public key (docs/cluster.md).
     */
    public static void shareSigningKey(Path firstStorage, Path storage) throws IOException {
        Path keys = storage.resolve("keys");
        if (Files.exists(keys)) {
            return;
        }
        Files.createDirectories(keys);
        try (Stream<Path> files = Files.list(firstStorage.resolve("keys"))) {
            for (Path f : files.toList()) {
                Files.copy(f, keys.resolve(f.getFileName()));
            }
        }
    }

    /**
     * A port that is free now and below the kernel's range for outgoing connections (32768 and up): a port the other
     * nodes must know before a node starts could otherwise be taken meanwhile by one of their own connections.
     */
    private int listenablePort() throws IOException {
        Set<Integer> taken = new HashSet<>();
        ports.values().forEach(p -> java.util.Arrays.stream(p).forEach(taken::add));
        Random random = new Random();
        for (int i = 0; i < 200; i++) {
            int port = 20_000 + random.nextInt(12_000);
            if (taken.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (BindException e) {
                // in use: try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
