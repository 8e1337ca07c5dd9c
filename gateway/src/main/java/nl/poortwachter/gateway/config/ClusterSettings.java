package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.CLUSTER_EVENT_BUS_PORT;
import static nl.poortwachter.gateway.config.SettingsTable.CLUSTER_HAZELCAST_PORT;
import static nl.poortwachter.gateway.config.SettingsTable.CLUSTER_MEMBERS;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import nl.poortwachter.recorder.cluster.ClusterConfig;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * How a cluster node talks to the others (D76, D77): Hazelcast for membership, the Vert.x event bus for live video,
 * node-to-node HTTP for recorded footage ({@link ClusterConfig#peerPort()}), and the cluster secret every node-to-node
 * message is signed with. The secret comes from the environment ({@value #SECRET_ENV}), never from the file.
 *
 * @param node          the recorder's side of it: name, database, address, node-to-node port
 * @param hazelcastPort where this node's Hazelcast member listens (on {@link ClusterConfig#host()})
 * @param members       {@code host:port} of the other nodes' Hazelcast members
 * @param eventBusPort  where this node's event bus listens
 */
public record ClusterSettings(ClusterConfig node, int hazelcastPort, List<String> members, int eventBusPort,
                              byte[] secret) {
    public static final String SECRET_ENV = "POORTWACHTER_CLUSTER_SECRET";
    /** 32 characters of a password generator: enough that nobody guesses it, short enough to paste. */
    static final int MIN_SECRET_LENGTH = 32;

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /** Null for the embedded single node (no {@code cluster.nodeId}). */
    static ClusterSettings from(Settings s, ClusterConfig node, Function<String, String> env) {
        if (node == null) {
            return null;
        }
        String secret = env.apply(SECRET_ENV);
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new SettingException("cluster.nodeId", "a cluster node needs the cluster secret in the environment "
                    + "variable " + SECRET_ENV + " (the same on every node, at least " + MIN_SECRET_LENGTH
                    + " characters): node-to-node requests and live video are signed with it");
        }
        int hazelcast = s.get(CLUSTER_HAZELCAST_PORT);
        int eventBus = s.get(CLUSTER_EVENT_BUS_PORT);
        if (hazelcast == node.peerPort() || eventBus == node.peerPort() || (eventBus != 0 && eventBus == hazelcast)) {
            throw new SettingException(CLUSTER_EVENT_BUS_PORT.key(), "cluster.hazelcastPort, cluster.eventBusPort and "
                    + "cluster.peerPort must differ");
        }
        return new ClusterSettings(node, hazelcast, s.get(CLUSTER_MEMBERS), eventBus,
                secret.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** A Hazelcast member address as written in {@code cluster.members}: {@code host:port}. */
    static String member(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("must be host:port (e.g. 10.0.8.12:5701)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be host:port (e.g. 10.0.8.12:5701)");
        }
        if (port < 1 || port > 65_535 || text.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw new IllegalArgumentException("must be host:port with a port between 1 and 65535");
        }
        return text;
    }

    /** Never the secret: this may reach a log line. */
    @Override
    public String toString() {
        return "ClusterSettings[node=" + node.nodeId() + ", host=" + node.host() + ", hazelcast=" + hazelcastPort
                + ", members=" + members + ", eventBus=" + eventBusPort + ", peer=" + node.peerPort() + "]";
    }
}
