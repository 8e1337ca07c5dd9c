package nl.poortwachter.recorder.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each node's share of the cameras: equal, bounded by the configured and the measured capacity (D72, D91). */
class SharesTest {

    private static LeaseStore.Node node(String id, int configured, Integer measured) {
        return new LeaseStore.Node(id, id + "#", null, configured, measured);
    }

    @Test
    void configuredCapacityBoundsAndTheRestCoversEveryCamera() {
        assertEquals(Map.of("a", 1, "b", 4, "c", 4), Shares.targets(List.of(node("a", 1, null), node("b", 0, null),
                node("c", 10, null)), 9));
        assertEquals(Map.of("a", 2, "b", 1), Shares.targets(List.of(node("a", 0, null), node("b", 0, null)), 3));
        assertEquals(Map.of("a", 1), Shares.targets(List.of(node("a", 1, null)), 5),
                "a full node takes no more than its configured capacity");
    }

    @Test
    void aNodeWhoseMeasuredRoomIsSmallGetsFewerCameras() {
        assertEquals(Map.of("a", 2, "b", 5, "c", 5), Shares.targets(List.of(node("a", 0, 2), node("b", 0, null),
                node("c", 0, 50)), 12));
        assertEquals(Map.of("a", 0, "b", 3), Shares.targets(List.of(node("a", 0, 0), node("b", 0, 7)), 3),
                "a node that measures no room at all takes nothing while others have room");
    }

    @Test
    void measuresThatWobbleAboveTheSharesMoveNothing() {
        // The cluster bench saw a camera go from node to node while two nodes' measures (far above their shares)
        // swapped places: the odd camera now goes by node id.
        Map<String, Integer> before = Shares.targets(List.of(node("a", 0, 400), node("b", 0, 450), node("c", 0, null)),
                16);
        assertEquals(Map.of("a", 6, "b", 5, "c", 5), before);
        assertEquals(before, Shares.targets(List.of(node("a", 0, 450), node("b", 0, 400), node("c", 0, 300)), 16));
    }

    @Test
    void noMeasurementMeansTheConfiguredCapacityAndAMeasureNeverRaisesIt() {
        assertEquals(Map.of("a", 3, "b", 7), Shares.targets(List.of(node("a", 3, null), node("b", 0, null)), 10));
        assertEquals(Map.of("a", 3, "b", 7), Shares.targets(List.of(node("a", 3, 100), node("b", 0, null)), 10));
    }

    @Test
    void camerasBeyondTheMeasuredRoomAreStillRecordedWithinTheConfiguredCapacity() {
        // Measured room for 5 of 9: the other 4 are shared out (recorded on a full node, not by none).
        assertEquals(Map.of("a", 4, "b", 5), Shares.targets(List.of(node("a", 0, 2), node("b", 0, 3)), 9));
        // The configured capacity stays a hard limit.
        assertEquals(Map.of("a", 3, "b", 7), Shares.targets(List.of(node("a", 3, 1), node("b", 0, 1)), 10));
        assertEquals(Map.of("a", 3, "b", 2), Shares.targets(List.of(node("a", 3, 1), node("b", 2, 1)), 10),
                "beyond every configured capacity nothing is taken");
    }

    /** Cameras that change node between two sets of targets: each node's loss, summed. */
    private static int moves(Map<String, Integer> before, Map<String, Integer> after) {
        int moves = 0;
        for (Map.Entry<String, Integer> e : before.entrySet()) {
            moves += Math.max(0, e.getValue() - after.getOrDefault(e.getKey(), 0));
        }
        return moves;
    }

    @Test
    void aJoinOrALeaveMovesOnlyWhatItMust() {
        List<LeaseStore.Node> all = List.of(node("a", 0, 6), node("b", 0, null), node("c", 8, 30), node("d", 0, 12));
        for (int cameras = 0; cameras <= 40; cameras++) {
            for (LeaseStore.Node joining : all) {
                List<LeaseStore.Node> before = new ArrayList<>(all);
                before.remove(joining);
                Map<String, Integer> was = Shares.targets(before, cameras);
                Map<String, Integer> now = Shares.targets(all, cameras);
                assertEquals(cameras, sum(was));
                assertEquals(cameras, sum(now));
                // A join: the old nodes only give, and together exactly what the new node takes.
                for (LeaseStore.Node n : before) {
                    assertTrue(now.get(n.nodeId()) <= was.get(n.nodeId()),
                            cameras + " cameras, " + joining.nodeId() + " joins: " + was + " -> " + now);
                }
                assertEquals(now.get(joining.nodeId()), moves(was, now),
                        cameras + " cameras, " + joining.nodeId() + " joins: " + was + " -> " + now);
                // A leave (the same pair the other way): only the leaving node's cameras move.
                assertEquals(now.get(joining.nodeId()), moves(now, was),
                        cameras + " cameras, " + joining.nodeId() + " leaves: " + now + " -> " + was);
                for (LeaseStore.Node n : before) {
                    assertTrue(was.get(n.nodeId()) >= now.get(n.nodeId()),
                            cameras + " cameras, " + joining.nodeId() + " leaves: " + now + " -> " + was);
                }
            }
        }
    }

    private static int sum(Map<String, Integer> targets) {
        return targets.values().stream().mapToInt(Integer::intValue).sum();
    }
}
