package nl.poortwachter.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.poortwachter.gateway.config.ClusterSettings;
import nl.poortwachter.recorder.logging.Log;

/**
 * Vert.x as a member of the cluster (D76): Hazelcast for membership, the event bus between the nodes for live video.
 * Members find each other by TCP/IP at the configured addresses only (no multicast, no cloud discovery, nothing
 * contacted outside the list: Hazelcast's phone-home is off). The Hazelcast cluster's name is derived from the
 * cluster secret, so nodes of different clusters (or a node with a wrong secret) never merge into one; that is a
 * safeguard against mistakes, not a defence: the cluster network must be private (docs/cluster.md).
 */
public final class ClusteredVertx {
    private static final Log LOG = Log.of(ClusteredVertx.class);
    private static final long JOIN_TIMEOUT_SECONDS = 120;
    /** Hazelcast's own INFO lines (partition tables, join steps) drown the gateway's; held so the level sticks. */
    private static final Logger HAZELCAST_LOGS = Logger.getLogger("com.hazelcast");

    private ClusteredVertx() {
    }

    /** Starts Vert.x and joins the cluster; blocks (not on an event loop) until it is a member. */
    public static Vertx start(VertxOptions options, ClusterSettings cluster) throws Exception {
        HAZELCAST_LOGS.setLevel(Level.WARNING);
        String host = cluster.node().host();
        options.getEventBusOptions().setHost(host).setPort(cluster.eventBusPort()).setClusterPublicHost(host);
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(cluster));
        Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .await(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("cluster.joined", "node", cluster.node().nodeId(), "members", manager.getNodes().size(),
                "hazelcast", host + ":" + cluster.hazelcastPort(), "eventBusPort", cluster.eventBusPort());
        return vertx;
    }

    static Config hazelcast(ClusterSettings cluster) {
        // Vert.x's defaults: the maps it keeps its event bus subscriptions in, with a backup each.
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("poortwachter-" + HexFormat.of().formatHex(NodeKey.derive(cluster.secret(),
                "hazelcast-cluster-name"), 0, 8));
        config.setInstanceName("poortwachter-" + cluster.node().nodeId());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // The gateway closes Vert.x (and so Hazelcast) in its own shutdown hook, after the recorder.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", cluster.node().host());
        config.setProperty("hazelcast.socket.bind.any", "false");
        // A dead member is noticed within seconds rather than a minute; nothing depends on it but which nodes the
        // event bus still tries (camera leases live in the database, D72).
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // A lone first node does not wait long for members that are not there yet.
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "5");
        // A split brain heals sooner than the default five minutes (docs/cluster.md).
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "30");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "30");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.hazelcastPort()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.node().host()));
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(cluster.members());
        members.add(cluster.node().host() + ":" + cluster.hazelcastPort());
        join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);
        return config;
    }
}
