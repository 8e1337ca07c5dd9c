package nl.poortwachter.recorder.database.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.storage.SegmentIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment is stamped with the legal regime its camera has when the segment is opened, and keeps it when the
 * camera's regime changes later (issue 10 item 3): the index answers which regimes the footage of a range was
 * recorded under. Footage of a camera never seen has no known regime.
 */
class FootageRegimeStoreTest {
    @TempDir
    Path dir;

    private static CameraSpec camera(String regime) {
        return new CameraSpec("plein", "Plein", "rtsp://192.0.2.1/s", null, null, null, null, null, null, regime, 28,
                true, nl.poortwachter.recorder.camera.Transport.tcp);
    }

    @Test
    void footageKeepsTheRegimeItWasRecordedUnder() {
        try (IndexDatabase index = IndexDatabase.open(dir.resolve("index.db"))) {
            SegmentIndex segments = index.segments();
            index.cameras().insert(camera("gemeentewet-151c"));
            long before = segments.openSegment("plein", "s1", 1_000, "plein/a.mp4", "h264", 640, 360);
            segments.completeSegment(before, 100, 61_000, java.util.List.of());
            index.cameras().update(camera("avg-building-security"));
            long after = segments.openSegment("plein", "s2", 61_000, "plein/b.mp4", "h264", 640, 360);
            segments.completeSegment(after, 100, 121_000, java.util.List.of());

            assertEquals(Set.of("gemeentewet-151c"), segments.regimes("plein", 0, 60_000), "older footage: as recorded");
            assertEquals(Set.of("avg-building-security"), segments.regimes("plein", 62_000, 120_000));
            assertEquals(Set.of("gemeentewet-151c", "avg-building-security"), segments.regimes("plein", 30_000, 90_000),
                    "a range across the change has both");
            assertEquals(Set.of(), segments.regimes("plein", 200_000, 300_000), "no footage, no regime");

            segments.openSegment("ghost", "r", 1_000, "ghost/a.mp4", "h264", 640, 360);
            assertEquals(Set.of(SegmentIndex.UNKNOWN_REGIME), segments.regimes("ghost", 0, 60_000),
                    "a camera the index never knew: unknown, which access control treats as the strictest");
        }
    }
}
