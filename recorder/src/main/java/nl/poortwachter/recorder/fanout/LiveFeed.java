package nl.poortwachter.recorder.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;

/**
 * One camera's live chunks (one picture each, see {@link Fmp4Muxer.ChunkSink}) for its viewers. It lives as
 * long as the camera is configured, across reconnects and pipeline restarts, so viewers stay subscribed
 * through them. It keeps the chunks since the last keyframe: a new viewer gets those first and starts playing
 * at once instead of waiting up to a GOP for the next keyframe. Chunks are made only while someone watches.
 */
public final class LiveFeed implements Fmp4Muxer.ChunkSink {
    /** A GOP larger than this (minutes of 4K) is not kept: new viewers then wait for the next keyframe. */
    private static final long MAX_BACKLOG_BYTES = 16L * 1024 * 1024;

    private final FragmentBus viewers = new FragmentBus();
    private final List<Fragment> backlog = new ArrayList<>();
    private long backlogBytes;
    private boolean backlogFromKeyframe;
    private boolean closed;

    @Override
    public boolean wanted() {
        return viewers.subscribers() > 0;
    }

    /** From the ingest thread: keep it for late joiners, hand it to every viewer's queue. Never blocks. */
    @Override
    public synchronized void accept(Fragment chunk) {
        if (chunk.keyframe()) {
            clearBacklog();
            backlogFromKeyframe = true;
        }
        if (backlogFromKeyframe) {
            if (backlogBytes + chunk.bytes().length > MAX_BACKLOG_BYTES) {
                clearBacklog();
            } else {
                backlog.add(chunk);
                backlogBytes += chunk.bytes().length;
            }
        }
        viewers.publish(chunk);
    }

    /** The RTSP session ended: the next one starts over with its own keyframe and init segment. */
    public synchronized void endSession(String sessionId) {
        clearBacklog();
        viewers.endSession(sessionId);
    }

    /**
     * A new viewer: it gets the chunks since the last keyframe, then every new one (from a keyframe on; a viewer
     * that falls {@code capacity} chunks behind skips to the next keyframe).
     *
     * @throws IllegalStateException if the camera was removed
     */
    public synchronized Subscription subscribe(FragmentListener listener, int capacity, Executor executor) {
        if (closed) {
            throw new IllegalStateException("the camera was removed");
        }
        if (viewers.subscribers() == 0) {
            // Nobody watched: what is kept is stale. The muxer resends its buffered samples once it sees a viewer.
            clearBacklog();
        }
        Subscription s = viewers.subscribe(listener, Math.max(capacity, backlog.size() + 1), executor, true);
        for (Fragment f : backlog) {
            s.offer(f);
        }
        return s;
    }

    public int viewers() {
        return viewers.subscribers();
    }

    /** The camera was removed: every viewer is told ({@link FragmentListener#onClosed()}) and unsubscribed. */
    public synchronized void close() {
        closed = true;
        clearBacklog();
        viewers.close();
    }

    private void clearBacklog() {
        backlog.clear();
        backlogBytes = 0;
        backlogFromKeyframe = false;
    }
}
