package nl.poortwachter.recorder.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many cameras each live node should record: an equal share, but never more than a node's capacity; what a full
 * node cannot take goes to the others. Every node computes the same answer from the same node list, so no
 * coordinator is needed. Shares round up, so that together they cover every camera.
 */
final class Shares {
    private Shares() {
    }

    static Map<String, Integer> targets(List<LeaseStore.Node> nodes, int cameras) {
        List<LeaseStore.Node> bySmallest = new ArrayList<>(nodes);
        // Nodes with the least room first: whatever they cannot take is spread over the rest.
        bySmallest.sort(Comparator.comparingLong((LeaseStore.Node n) -> room(n)).thenComparing(LeaseStore.Node::nodeId));
        Map<String, Integer> out = new LinkedHashMap<>();
        int left = cameras;
        int nodesLeft = bySmallest.size();
        for (LeaseStore.Node n : bySmallest) {
            int share = nodesLeft == 0 ? 0 : (left + nodesLeft - 1) / nodesLeft;
            int t = (int) Math.min(share, room(n));
            out.put(n.nodeId(), t);
            left = Math.max(0, left - t);
            nodesLeft--;
        }
        return out;
    }

    private static long room(LeaseStore.Node n) {
        return n.capacity() <= 0 ? Long.MAX_VALUE : n.capacity();
    }
}
