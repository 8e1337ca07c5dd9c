package nl.poortwachter.recorder.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The nodes of the cluster heard from lately, as the lease keeper last read them from the node table (D72, D77):
 * which are alive, and where each serves its footage to the others. Footage of a node not in here is unavailable
 * until it is back (never a gap).
 */
public final class NodeDirectory {
    private volatile Map<String, LeaseStore.Node> live = Map.of();

    void update(List<LeaseStore.Node> nodes) {
        live = nodes.stream().collect(Collectors.toUnmodifiableMap(LeaseStore.Node::nodeId, Function.identity(),
                (a, b) -> a));
    }

    public boolean alive(String nodeId) {
        return live.containsKey(nodeId);
    }

    /** Where a live node serves its footage ({@code host:port}); empty when it is down or publishes none. */
    public Optional<String> address(String nodeId) {
        LeaseStore.Node n = live.get(nodeId);
        return n == null ? Optional.empty() : Optional.ofNullable(n.address());
    }

    /** Every live node's footage address, by node (for the nodes' status). */
    public Map<String, String> addresses() {
        return live.values().stream().filter(n -> n.address() != null)
                .collect(Collectors.toUnmodifiableMap(LeaseStore.Node::nodeId, LeaseStore.Node::address));
    }
}
