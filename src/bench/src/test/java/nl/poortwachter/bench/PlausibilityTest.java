package nl.poortwachter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlausibilityTest {
    private static LiveBench.Latency latency(String mode, double browserMin, double browserP50) {
        return new LiveBench.Latency("cam", mode, "avc1", 500, browserMin, browserP50, browserP50 + 10, browserP50 + 20,
                30, 45, 60, 80, 44, 88);
    }

    @Test
    void aPictureShownBeforeItArrivedMakesEveryVerdictInvalidInsteadOfMet() {
        // The figure of issue 11: p50 −295 ms, which the old check called MET (below 1000 ms).
        List<Report.Target> targets = LiveReport.targets(List.of(),
                List.of(latency("passthrough", 120, 150), latency("transcode 1080p", -310, -295)));
        assertTrue(targets.stream().noneMatch(t -> t.verdict().equals("MET")), targets.toString());
        assertTrue(targets.stream().allMatch(t -> t.verdict().equals(Plausibility.INVALID)), targets.toString());
        assertTrue(targets.get(0).detail().contains("transcode 1080p: gateway time → shown, min ms = -310, below 0"),
                targets.get(0).detail());
    }

    @Test
    void plausibleFiguresAreJudgedAsBefore() {
        List<Report.Target> targets = LiveReport.targets(List.of(),
                List.of(latency("passthrough", 120, 150), latency("transcode", 130, 160), latency("transcode 1080p", 140, 170)));
        assertEquals(List.of("NOT RUN", "MET", "MET", "MET"), targets.stream().map(Report.Target::verdict).toList());
    }

    @Test
    void morePicturesThanTheCameraSentOrViewersThanConnectedAreImpossible() {
        LiveBench.FanOut f = new LiveBench.FanOut(10, 10, 11, 0, 30, 3, 140, 150, 40, 2, 4, 20, 1, 30.0, 25.0, 0, 0, 0, 0,
                0, 41, 81, 82, 83, 0, 0, 0, 1, 7, 40, 42, 84, 90, 100, 1, 1, 0.5, "");
        List<String> v = LiveReport.plausibility(List.of(f), List.of()).violations();
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("N=10: viewers open at the end = 11, above 10"), v.toString());
        assertTrue(v.get(1).startsWith("N=10: pictures/viewer/s = 30, above 26.250"), v.toString());
    }

    @Test
    void notMeasuredIsNotImpossible() {
        assertTrue(new Plausibility().atLeast("x", Double.NaN, 0).atMost("y", Double.NaN, 1).violations().isEmpty());
    }
}
