package nl.poortwachter.gateway;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.gateway.cluster.PeerClient;
import nl.poortwachter.gateway.cluster.PeerServer;
import nl.poortwachter.gateway.cluster.PeerSignature;
import nl.poortwachter.gateway.config.ClusterSettings;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.live.LiveMetrics;
import nl.poortwachter.gateway.live.LiveRelay;
import nl.poortwachter.recorder.Archive;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.logging.Log;

/**
 * What a cluster node has beyond a single gateway (D76, D77): live video of cameras other nodes record, over the
 * event bus; this node's footage served to the other nodes; theirs fetched for this node's users. Null parts on the
 * embedded single node: it has none of this.
 */
final class ClusterNode implements AutoCloseable {
    private static final Log LOG = Log.of(ClusterNode.class);
    /** Other nodes' requests in flight at once; each is a short index lookup before sendfile. */
    private static final int PEER_THREADS = 4;

    final String nodeId;
    final LiveRelay relay;
    final PeerClient peers;
    private final PeerServer server;
    private final Blocking blocking;

    private ClusterNode(String nodeId, LiveRelay relay, PeerClient peers, PeerServer server, Blocking blocking) {
        this.nodeId = nodeId;
        this.relay = relay;
        this.peers = peers;
        this.server = server;
        this.blocking = blocking;
    }

    /** Call from a thread that is not an event loop (it waits for the node-to-node port to listen). */
    static ClusterNode start(Vertx vertx, Recorder recorder, ClusterSettings cluster, LiveMetrics metrics)
            throws Exception {
        String id = cluster.node().nodeId();
        PeerSignature signature = new PeerSignature(cluster.secret(), System::currentTimeMillis);
        Blocking blocking = new Blocking(vertx, "node-to-node", PEER_THREADS);
        PeerClient peers = null;
        PeerServer server = null;
        LiveRelay relay = null;
        try {
            peers = new PeerClient(vertx, signature, id);
            server = new PeerServer(vertx, signature, files(recorder.archive()), blocking);
            server.listen(cluster.node().host(), cluster.node().peerPort()).await(1, TimeUnit.MINUTES);
            relay = LiveRelay.start(vertx, recorder, id, cluster.secret(), metrics, System::currentTimeMillis);
            LOG.info("cluster.node.started", "node", id, "footage", cluster.node().peerAddress());
            return new ClusterNode(id, relay, peers, server, blocking);
        } catch (Exception | Error e) {
            new ClusterNode(id, relay, peers, server, blocking).close();
            throw e;
        }
    }

    /** What this node serves the others: files of its own storage folder only. */
    private static PeerServer.Files files(Archive archive) {
        return new PeerServer.Files() {
            @Override
            public Optional<PeerServer.Region> segment(long id) {
                return archive.mediaHeldHere(id).map(f -> new PeerServer.Region(f.path(), f.length()));
            }

            @Override
            public Map<Long, String> initHashes(List<Long> ids) {
                return archive.initHashesHeldHere(ids);
            }

            @Override
            public Optional<PeerServer.Region> export(String id) {
                return archive.exportHeldHere(id).map(e -> new PeerServer.Region(e.path(), e.length()));
            }
        };
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("cluster.peer.close.failed", "error", e.toString());
            }
        }
        if (relay != null) {
            relay.close();
        }
        if (peers != null) {
            peers.close();
        }
        blocking.close();
    }
}
