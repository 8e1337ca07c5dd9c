package nl.poortwachter.recorder.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How many cameras fit by the box's own measure (D91), from a report's figures. */
class CapacityReportTest {

    private static CameraLoad load(String id, double cores, Long lag, boolean reduced) {
        return new CameraLoad(id, "passthrough", "streaming", cores, lag, 25, 25, reduced);
    }

    private static CapacityReport report(double used, double room, CameraLoad... cameras) {
        return new CapacityReport(2, used + room, used, room, 0, "keyframes", List.of(cameras), Map.of());
    }

    @Test
    void theCamerasHerePlusWhatFitsInTheRoomAtTheirMeanCost() {
        assertEquals(OptionalInt.of(4 + 10), report(0.25, 1.25, load("a", 0.0625, 500L, false),
                load("b", 0.1875, 500L, false),
                load("c", 0.125, 500L, false), load("d", 0.125, 500L, false)).camerasThatFit());
        assertEquals(OptionalInt.of(3), report(0.5, -0.125, load("a", 0.125, 500L, false), load("b", 0.125, 500L, false),
                load("c", 0.125, 500L, false), load("d", 0.125, 500L, false)).camerasThatFit(),
                "over budget: fewer than it has");
        assertEquals(OptionalInt.of(2 + 4), report(0.25, 0.5, load("a", 0.125, 500L, false), load("r", 0.01, 500L, true))
                .camerasThatFit(), "a camera reduced to key frames says nothing of what a camera costs");
    }

    @Test
    void theWholeProcesssUsePerCameraWhenItIsMore() {
        // The ingest threads measure 0.01 core each, the process 0.25 for the two: 0.125 a camera.
        assertEquals(OptionalInt.of(2 + 12), report(0.25, 1.5, load("a", 0.01, 500L, false),
                load("b", 0.01, 500L, false)).camerasThatFit());
    }

    @Test
    void nothingMeasuredIsNoFigure() {
        assertEquals(OptionalInt.empty(), report(0.03, 1.7).camerasThatFit(), "no camera here");
        assertEquals(OptionalInt.empty(), report(0.03, 1.7, load("a", 0.0, 500L, false), load("b", 0.3, null, false))
                .camerasThatFit(), "no cost measured yet, or not streaming yet");
    }
}
