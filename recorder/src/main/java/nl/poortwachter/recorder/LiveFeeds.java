package nl.poortwachter.recorder;

import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.LiveStream;
import nl.poortwachter.recorder.fanout.ServedFeed;

/**
 * What live viewers subscribe to: a camera's main feed (it outlives reconnects, edits and pauses) or its sub-stream's,
 * whose live-only session runs while watched (D89). Looked up under the recorder's camera lock, so a viewer never
 * gets the feed of a camera being removed; nothing once the recorder closed.
 */
final class LiveFeeds {
    private final CameraStore cameras;
    private final Pipelines pipelines;
    private final SubStreams subStreams;
    private final Object cameraLock;
    private boolean closed;

    LiveFeeds(CameraStore cameras, Pipelines pipelines, SubStreams subStreams, Object cameraLock) {
        this.cameras = cameras;
        this.pipelines = pipelines;
        this.subStreams = subStreams;
        this.cameraLock = cameraLock;
    }

    Optional<LiveFeed> main(String id) {
        synchronized (cameraLock) {
            if (closed || cameras.find(id).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(pipelines.feed(id));
        }
    }

    Optional<ServedFeed> served(String id, LiveStream wanted) {
        synchronized (cameraLock) {
            if (closed) {
                return Optional.empty();
            }
            return cameras.find(id).map(c -> wanted == LiveStream.sub && c.subStream() != null
                    ? new ServedFeed(subStreams.watch(c), LiveStream.sub)
                    : new ServedFeed(pipelines.feed(id), LiveStream.main));
        }
    }

    Optional<FragmentBus> subStreamFragments(String id) {
        synchronized (cameraLock) {
            if (closed) {
                return Optional.empty();
            }
            return cameras.find(id).filter(c -> c.subStream() != null).flatMap(subStreams::fragments);
        }
    }

    /** Under the camera lock: no feed is handed out from now on; the sub-stream sessions stop. */
    void close() {
        closed = true;
        subStreams.close();
    }
}
