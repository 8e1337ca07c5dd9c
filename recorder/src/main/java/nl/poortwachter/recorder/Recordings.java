package nl.poortwachter.recorder;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.playback.FootageLocator;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;

/** What the index says was recorded: a camera's timeline with its gaps, and one segment's file and seek points. */
final class Recordings {
    /** Shorter holes than this between segments are jitter at a file boundary, not missing footage. */
    private static final long GAP_THRESHOLD_MILLIS = 2_000;

    private final CameraStore cameras;
    private final SegmentIndex segments;
    private final StorageLayout layout;
    private final FootageLocator locator;
    private final Clock clock;

    Recordings(CameraStore cameras, SegmentIndex segments, StorageLayout layout, FootageLocator locator, Clock clock) {
        this.cameras = cameras;
        this.segments = segments;
        this.layout = layout;
        this.locator = locator;
        this.clock = clock;
    }

    /** A removed camera's footage stays readable while its folder exists. */
    Timeline timeline(String id, Instant from, Instant to) {
        if (cameras.find(id).isEmpty() && !Files.isDirectory(layout.cameraDir(id))) {
            throw new NoSuchCameraException(id);
        }
        List<SegmentRecord> rows = segments.segments(id, from.toEpochMilli(), to.toEpochMilli());
        List<Timeline.Segment> found = new ArrayList<>();
        List<Timeline.Gap> gaps = new ArrayList<>();
        long cursor = from.toEpochMilli();
        for (SegmentRecord r : rows) {
            found.add(toSegment(r));
            if (r.startMillis() - cursor > GAP_THRESHOLD_MILLIS) {
                gaps.add(new Timeline.Gap(Instant.ofEpochMilli(cursor), Instant.ofEpochMilli(r.startMillis())));
            }
            cursor = Math.max(cursor, r.endMillis());
        }
        long end = Math.min(to.toEpochMilli(), clock.millis());
        if (end - cursor > GAP_THRESHOLD_MILLIS + 1_000) {
            gaps.add(new Timeline.Gap(Instant.ofEpochMilli(cursor), Instant.ofEpochMilli(end)));
        }
        return new Timeline(id, from, to, found, gaps);
    }

    /** Empty if the id belongs to another camera, or to a segment another node holds. */
    Optional<SegmentFile> segment(String cameraId, long segmentId) {
        return segments.segmentById(segmentId)
                .filter(r -> r.cameraId().equals(cameraId) && r.heldBy(segments.node()))
                .map(r -> new SegmentFile(toSegment(r), layout.resolve(r.path()), segments.seekPoints(r.id())));
    }

    private Timeline.Segment toSegment(SegmentRecord r) {
        return new Timeline.Segment(r.id(), Instant.ofEpochMilli(r.startMillis()), Instant.ofEpochMilli(r.endMillis()),
                r.bytes(), r.codec(), r.width(), r.height(), r.complete(), r.seekPoints(), r.nodeId(),
                locator.place(r).available());
    }
}
