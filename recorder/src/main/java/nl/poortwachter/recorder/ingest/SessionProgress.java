package nl.poortwachter.recorder.ingest;

import java.time.Clock;

/**
 * One session's pictures: the frame-rate window and the stall watchdog (packets arrive but no picture does,
 * e.g. audio only or garbage). Used by the camera's ingest thread only.
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
            board.fps(windowFrames * 1000.0 / (now - windowStart));
            windowFrames = 0;
            windowStart = now;
        }
        if (now - lastPictureAt > stallMillis) {
            board.fail("watchdog: no video for " + stallMillis / 1000 + " s", false);
            return true;
        }
        return false;
    }

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
