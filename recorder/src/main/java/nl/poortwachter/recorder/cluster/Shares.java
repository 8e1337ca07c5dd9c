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
 * Every node computes the same answer from the same node list, so no coordinator is needed; together the shares cover
 * every camera the nodes may take.
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

    /**
     * Equal shares of {@code cameras}, each no more than the node's {@code room}: nodes with less room than an equal
     * share of what is left take their room, the others share the rest equally. Cameras that do not divide evenly go
     * one each to the first of those nodes by node id, not by room: a node's measured room wobbles, and an order by it
     * would move a camera to and fro each time two nodes' measures swap places.
     */
    private static Map<String, Integer> fill(List<LeaseStore.Node> nodes, int cameras,
                                             ToLongFunction<LeaseStore.Node> room) {
        List<LeaseStore.Node> rest = new ArrayList<>(nodes);
        rest.sort(Comparator.comparingLong(room).thenComparing(LeaseStore.Node::nodeId));
        Map<String, Integer> out = new LinkedHashMap<>();
        int left = cameras;
        while (!rest.isEmpty() && room.applyAsLong(rest.get(0)) <= left / rest.size()) {
            LeaseStore.Node full = rest.remove(0);
            int t = (int) room.applyAsLong(full);
            out.put(full.nodeId(), t);
            left -= t;
        }
        rest.sort(Comparator.comparing(LeaseStore.Node::nodeId));
        for (int i = 0; i < rest.size(); i++) {
            // Each has room for more than left / rest.size(), so for one camera over it too.
            out.put(rest.get(i).nodeId(), left / rest.size() + (i < left % rest.size() ? 1 : 0));
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
