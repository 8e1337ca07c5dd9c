package nl.poortwachter.recorder.ingest;

import java.time.Clock;

/**
 * One session's pictures: the frame rates and the stall watchdog (packets arrive but no picture does, e.g. audio
 * only or garbage). Two rates, because under load they differ: the camera's own, from its timestamps (what
 * {@code camera_fps} means: a 25 fps camera reads 25 however busy the gateway is), and the pipeline's, pictures
 * processed per second of our clock (below the camera's it falls behind; above it, it catches up on a backlog,
 * which is what a 25 fps camera reading 33.9 or 37.6 fps was). Used by the camera's ingest thread only.
 */
final class SessionProgress {
    private final StatusBoard board;
    private final Clock clock;
    private final long stallMillis;
    private final long openedAt;
    private long lastPictureAt;
    private long windowStart;
    private int windowFrames;
    private long firstPictureAt = Long.MIN_VALUE;
    /** The camera's pictures (distinct timestamps) and their media time, over the same window. */
    private int windowCameraPictures;
    private long windowFirstTicks = Long.MIN_VALUE;
    private long windowLastTicks;
    private long lastTicks = Long.MIN_VALUE;

    SessionProgress(StatusBoard board, Clock clock, long stallMillis) {
        this.board = board;
        this.clock = clock;
        this.stallMillis = stallMillis;
        this.openedAt = clock.millis();
        this.lastPictureAt = openedAt;
        this.windowStart = openedAt;
    }

    /** @return true (after recording the failure) if no picture came for too long: the session must end */
    boolean watchdogFired() {
        long now = clock.millis();
        if (now - windowStart >= 1000) {
            double span = windowLastTicks - windowFirstTicks;
            double cameraFps = windowCameraPictures > 1 && span > 0 ? (windowCameraPictures - 1) * 90_000.0 / span : 0;
            board.fps(cameraFps, windowFrames * 1000.0 / (now - windowStart));
            windowFrames = 0;
            windowStart = now;
            windowCameraPictures = 0;
            windowFirstTicks = Long.MIN_VALUE;
        }
        if (now - lastPictureAt > stallMillis) {
            board.fail("watchdog: no video for " + stallMillis / 1000 + " s", false);
            return true;
        }
        return false;
    }

    /** A unit from the camera with this timestamp (90 kHz ticks): a new picture when the timestamp changes. */
    void cameraUnit(long ticks) {
        if (ticks == Long.MIN_VALUE || ticks == lastTicks) {
            return;
        }
        lastTicks = ticks;
        if (windowFirstTicks == Long.MIN_VALUE) {
            windowFirstTicks = ticks;
        }
        windowLastTicks = ticks;
        windowCameraPictures++;
    }

    /** A picture went through the pipeline. */
    void picture() {
        long now = clock.millis();
        lastPictureAt = now;
        windowFrames++;
        if (firstPictureAt == Long.MIN_VALUE) {
            firstPictureAt = now;
            board.state(IngestState.streaming, null);
        }
    }

    boolean streamed() {
        return firstPictureAt != Long.MIN_VALUE;
    }

    /** How long the session delivered pictures, from the first to the last. */
    long streamedMillis() {
        return streamed() ? lastPictureAt - firstPictureAt : 0;
    }
}
