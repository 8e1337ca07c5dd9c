package nl.poortwachter.recorder;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.ingest.CameraSession;
import nl.poortwachter.recorder.logging.Log;

/**
 * The cameras' sub-streams (D89): one live-only {@link CameraSession} per camera while someone watches its sub-stream,
 * into the sub-stream's own {@link LiveFeed} (and its fragments, for live HLS). Nothing is recorded: no segment writer
 * listens, so no files, no index rows and no lease are involved. A session starts with its first viewer and stops {@value #IDLE_MILLIS} ms after the
 * last left (a viewer that reconnects, or pages back, finds it still running); it reconnects like the main session,
 * and an edit of the camera restarts it (its own thread releases its native objects, as the main session's does).
 * The feed, like the main one, outlives the sessions, so viewers stay subscribed through an edit; it is closed when
 * the camera is removed or loses its sub-stream.
 */
final class SubStreams implements AutoCloseable {
    private static final Log LOG = Log.of(SubStreams.class);
    /** How long a sub-stream runs on after its last viewer left. */
    static final long IDLE_MILLIS = 10_000;
    private static final long SWEEP_MILLIS = 2_000;

    /**
     * A running sub-stream session and its fragments (for live HLS); {@code watchedAt}: the last time it had a viewer,
     * or was asked for.
     */
    private static final class Running {
        final CameraSession session;
        final FragmentBus fragments;
        volatile long watchedAt;

        Running(CameraSession session, FragmentBus fragments, long now) {
            this.session = session;
            this.fragments = fragments;
            this.watchedAt = now;
        }
    }

    /** Makes the live-only session of a camera as its sub-stream describes it. */
    @FunctionalInterface
    interface SessionFactory {
        /** @param live the chunks for WebSocket viewers; @param fragments the fragments, for live HLS */
        CameraSession make(CameraSpec subStream, LiveFeed live, FragmentBus fragments);
    }

    private final SessionFactory sessions;
    private final Clock clock;
    private final Map<String, LiveFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sub-streams");
        t.setDaemon(true);
        return t;
    });

    SubStreams(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        sweeper.scheduleWithFixedDelay(this::stopUnwatched, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The sub-stream's feed of a camera that has one; its session starts unless it runs (or the camera is paused).
     * Starting is a new thread: this does not wait for the camera.
     */
    synchronized LiveFeed watch(CameraSpec camera) {
        LiveFeed feed = feeds.computeIfAbsent(camera.id(), k -> new LiveFeed());
        Running r = running.get(camera.id());
        if (r != null) {
            r.watchedAt = clock.millis();
        } else if (camera.recording()) {
            start(camera, feed);
        }
        return feed;
    }

    /**
     * The sub-stream's fragments (about a second each, for live HLS) of a camera that has one, starting its session
     * as {@link #watch} does; empty while the camera is paused. An HLS player asks for the playlist every second or
     * two, which keeps the session running.
     */
    synchronized Optional<FragmentBus> fragments(CameraSpec camera) {
        watch(camera);
        Running r = running.get(camera.id());
        return r == null ? Optional.empty() : Optional.of(r.fragments);
    }

    /**
     * The camera was edited (or paused, or resumed): a watched sub-stream's session restarts with the new description
     * (or starts again when the camera is resumed under its waiting viewers), and stops while the camera is paused; a
     * camera without a sub-stream now has its sub-stream viewers told it ended.
     */
    synchronized void changed(CameraSpec camera) {
        Running r = running.remove(camera.id());
        if (r != null) {
            r.session.stop();
        }
        LiveFeed feed = feeds.get(camera.id());
        boolean watched = r != null || (feed != null && feed.viewers() > 0);
        if (camera.subStream() == null) {
            closeFeed(camera.id());
        } else if (watched && camera.recording()) {
            start(camera, feed);
        }
    }

    /** The camera was removed: its session stops and its viewers are told. */
    synchronized void remove(String cameraId) {
        Running r = running.remove(cameraId);
        if (r != null) {
            r.session.stop();
        }
        closeFeed(cameraId);
    }

    private void start(CameraSpec camera, LiveFeed feed) {
        FragmentBus fragments = new FragmentBus();
        CameraSession session = sessions.make(camera.asSubStream(), feed, fragments);
        running.put(camera.id(), new Running(session, fragments, clock.millis()));
        session.start();
        LOG.info("camera.substream.started", "camera", camera.id(), "url", camera.subStream().url());
    }

    private void closeFeed(String cameraId) {
        LiveFeed feed = feeds.remove(cameraId);
        if (feed != null) {
            feed.close();
        }
    }

    /**
     * From the sweeper: sessions nobody watched for {@link #IDLE_MILLIS} stop. Under the lock, so that a viewer
     * arriving meanwhile either keeps the session or starts a new one, never gets a feed whose session is stopping.
     */
    private synchronized void stopUnwatched() {
        long now = clock.millis();
        for (Map.Entry<String, Running> e : List.copyOf(running.entrySet())) {
            LiveFeed feed = feeds.get(e.getKey());
            Running r = e.getValue();
            if (feed != null && feed.viewers() > 0) {
                r.watchedAt = now;
            } else if (now - r.watchedAt > IDLE_MILLIS && running.remove(e.getKey()) != null) {
                r.session.stop();
                LOG.info("camera.substream.stopped", "camera", e.getKey(), "detail", "no viewer for " + IDLE_MILLIS + " ms");
            }
        }
    }

    /** The recorder closes: every session stops, every feed ends. */
    @Override
    public synchronized void close() {
        sweeper.shutdownNow();
        running.values().forEach(r -> r.session.stop());
        running.clear();
        List.copyOf(feeds.keySet()).forEach(this::closeFeed);
    }
}
