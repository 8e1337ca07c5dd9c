package nl.poortwachter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster bench's verdicts: when the box is full, and the scaling it reports per node count. */
class ClusterStepTest {

    private static ClusterStep step(int nodes, int cameras, int atFull, int degraded, Integer measured) {
        return new ClusterStep(nodes, cameras, atFull, 1.0, 0.01 * cameras, 0.01, 50, degraded, 900, 1.0, Map.of(),
                measured == null ? Map.of() : Map.of("node-1", measured));
    }

    @Test
    void fullWhenBehindDegradedOrBeyondTheMeasuredCapacity() {
        assertNull(step(1, 8, 8, 0, null).fullBecause());
        assertEquals("1 cameras recorded less than real time", step(1, 8, 7, 0, null).fullBecause());
        assertEquals("2 cameras degraded", step(1, 8, 8, 2, null).fullBecause());
        assertEquals("measured capacity 6 < 8", step(1, 8, 8, 0, 6).fullBecause());
        assertNull(step(2, 8, 8, 0, 6).fullBecause(), "a node without a measure: the total is unknown");
    }

    @Test
    void scalingOnlyBetweenNodeCountsThatWereFull() throws Exception {
        List<ClusterStep> steps = List.of(step(1, 8, 8, 0, null), step(1, 16, 12, 0, null),
                step(2, 8, 8, 0, null), step(2, 16, 16, 0, null), step(2, 24, 20, 0, null),
                step(3, 8, 8, 0, null), step(3, 16, 16, 0, null));
        List<ClusterStep.Summary> s = ClusterStep.summary(steps);
        assertEquals(8, s.get(0).mostCamerasAtFullRealTime());
        assertEquals(16, s.get(0).fullAtCameras());
        assertEquals(1.0, s.get(1).againstOneNodeTimesNodes(), 1e-9, "16 on 2 nodes against 8 on 1");
        assertNull(s.get(2).fullAtCameras());
        assertNull(s.get(2).againstOneNodeTimesNodes(), "never full on 3 nodes: a lower bound compares nothing");
        String json = new ObjectMapper().writeValueAsString(steps.get(1));
        assertTrue(json.contains("\"full\":\"4 cameras recorded less than real time\"")
                && json.contains("\"cpuPerCameraPctOfOneCore\":1.0"), json);
        assertTrue(ClusterStep.markdown(steps).contains("| 3 | 16 | 1.00 | not within the cameras tried (a lower bound) | n/a |"),
                ClusterStep.markdown(steps));
    }
}
