package nl.poortwachter.recorder.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * How many cameras each live node should record (D72, D91): an equal share, but never more than what a node can take
 * by its own measure nor than its configured capacity; what a node cannot take goes to the others. When the cluster's
 * measured room is short, the cameras left over are still shared out up to the configured capacities: recorded on a
 * full node (where the overload policy reduces them, visibly) rather than by no node at all, as on one node (D42).
 * Every node computes the same answer from the same node list, so no coordinator is needed; shares round up, so that
 * together they cover every camera the nodes may take.
 */
final class Shares {
    private Shares() {
    }

    static Map<String, Integer> targets(List<LeaseStore.Node> nodes, int cameras) {
        Map<String, Integer> fits = fill(nodes, cameras, Shares::measuredRoom);
        int left = cameras - fits.values().stream().mapToInt(Integer::intValue).sum();
        if (left == 0) {
            return fits;
        }
        Map<String, Integer> beyond = fill(nodes, left, n -> configuredRoom(n) - fits.get(n.nodeId()));
        Map<String, Integer> out = new LinkedHashMap<>();
        fits.forEach((node, t) -> out.put(node, t + beyond.get(node)));
        return out;
    }

    /** Equal shares of {@code cameras}, each no more than the node's {@code room}. */
    private static Map<String, Integer> fill(List<LeaseStore.Node> nodes, int cameras,
                                             ToLongFunction<LeaseStore.Node> room) {
        List<LeaseStore.Node> bySmallest = new ArrayList<>(nodes);
        // Nodes with the least room first: whatever they cannot take is spread over the rest.
        bySmallest.sort(Comparator.comparingLong(room).thenComparing(LeaseStore.Node::nodeId));
        Map<String, Integer> out = new LinkedHashMap<>();
        int left = cameras;
        int nodesLeft = bySmallest.size();
        for (LeaseStore.Node n : bySmallest) {
            int share = (left + nodesLeft - 1) / nodesLeft;
            int t = (int) Math.min(share, room.applyAsLong(n));
            out.put(n.nodeId(), t);
            left -= t;
            nodesLeft--;
        }
        return out;
    }

    private static long configuredRoom(LeaseStore.Node n) {
        return n.capacity() <= 0 ? Integer.MAX_VALUE : n.capacity();
    }

    /** The configured capacity, lowered to the measured one; a node that has measured nothing yet: configured only. */
    private static long measuredRoom(LeaseStore.Node n) {
        return n.measuredCapacity() == null ? configuredRoom(n) : Math.min(configuredRoom(n), n.measuredCapacity());
    }
}
