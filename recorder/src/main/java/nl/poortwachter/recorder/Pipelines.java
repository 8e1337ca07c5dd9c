package nl.poortwachter.recorder;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.fanout.ByteBudget;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.ingest.CameraSession;
import nl.poortwachter.recorder.ingest.ConnectSlots;
import nl.poortwachter.recorder.ingest.IngestCounters;
import nl.poortwachter.recorder.ingest.source.Sources;
import nl.poortwachter.recorder.storage.CameraLease;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * The cameras this recorder records now: one {@link CameraPipeline} each, the resources they share (disk threads,
 * the writers' byte budget, the connect slots), and each camera's live feed, which outlives its pipelines so that
 * live viewers stay subscribed across restarts. The {@link Recorder} decides when a camera starts and stops and calls
 * in here under its camera lock.
 */
final class Pipelines {
    private final RecorderConfig config;
    private final StorageLayout layout;
    private final SegmentIndex segments;
    private final MeterRegistry registry;
    private final Clock clock;
    private final RtspUrlPolicy urlPolicy;
    /** The lease to record a camera under; null when another node records it (or none yet). */
    private final Function<String, CameraLease> leaseOf;
    private final Map<String, CameraPipeline> running = new ConcurrentHashMap<>();
    /** Per configured camera, kept across pipeline restarts. */
    private final Map<String, LiveFeed> feeds = new ConcurrentHashMap<>();
    private final ExecutorService diskPool;
    /**
     * Bytes all cameras' segment writers may have queued at once: a third of the heap. When the disk lags behind
     * many cameras, writers drop to the next keyframe (counted per camera) instead of running out of heap.
     */
    private final ByteBudget writerBudget = new ByteBudget(Runtime.getRuntime().maxMemory() / 3);
    private final ConnectSlots connectSlots;
    private final Sources sources;
    private volatile boolean closed;

    Pipelines(RecorderConfig config, StorageLayout layout, SegmentIndex segments, MeterRegistry registry, Clock clock,
              RtspUrlPolicy urlPolicy, Function<String, CameraLease> leaseOf) {
        this.config = config;
        this.layout = layout;
        this.segments = segments;
        this.registry = registry;
        this.clock = clock;
        this.urlPolicy = urlPolicy;
        this.leaseOf = leaseOf;
        this.connectSlots = new ConnectSlots(config.ingest().maxConcurrentConnects());
        this.sources = new Sources(config.ingest(), urlPolicy::allows, clock::millis);
        AtomicInteger n = new AtomicInteger();
        this.diskPool = Executors.newFixedThreadPool(config.diskThreads(), r -> {
            Thread t = new Thread(r, "disk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts recording the camera, replacing a pipeline it had; nothing when closed or the lease is elsewhere. */
    void start(CameraSpec camera) {
        if (closed) {
            return;
        }
        CameraLease lease = leaseOf.apply(camera.id());
        if (lease == null) {
            return; // another node records it, or none yet: this node's keeper starts it once it holds the lease
        }
        CameraPipeline p = new CameraPipeline(camera, feed(camera.id()), config, layout, segments, diskPool,
                writerBudget, connectSlots, sources, registry, clock, lease, urlPolicy);
        CameraPipeline previous = running.put(camera.id(), p);
        if (previous != null) {
            previous.stop();
        }
        p.start();
    }

    void stop(String id) {
        CameraPipeline p = running.remove(id);
        if (p != null) {
            p.stop();
        }
    }

    boolean isRunning(String id) {
        return running.containsKey(id);
    }

    CameraPipeline get(String id) {
        return running.get(id);
    }

    int count() {
        return running.size();
    }

    /** A live view of the running pipelines (the capacity monitor reads their costs). */
    Collection<CameraPipeline> all() {
        return running.values();
    }

    boolean closed() {
        return closed;
    }

    /**
     * A session that only feeds live viewers (a sub-stream's, D89): the camera's mode and masks, the same readers,
     * connect slots and address checks as a recording session; its fragments go to a bus nobody records from (only
     * live HLS windows listen).
     */
    CameraSession liveOnlySession(CameraSpec camera, LiveFeed live, FragmentBus fragments) {
        return new CameraSession(CameraPipeline.asRun(camera, config), config.ingest(), sources, fragments, live,
                IngestCounters.NONE, connectSlots, clock, urlPolicy::refusalNow);
    }

    /** The camera's live feed, made on first use. */
    LiveFeed feed(String id) {
        return feeds.computeIfAbsent(id, k -> new LiveFeed());
    }

    /** The live feed of a camera recorded here now; empty otherwise. Never blocks. */
    Optional<LiveFeed> recordingFeed(String id) {
        return running.containsKey(id) ? Optional.ofNullable(feeds.get(id)) : Optional.empty();
    }

    /** A removed camera's feed ends: its viewers are told. */
    void closeFeed(String id) {
        LiveFeed live = feeds.remove(id);
        if (live != null) {
            live.close();
        }
    }

    /** Stops every pipeline at once (each waits for its threads and native objects), then ends the feeds. */
    void close() {
        closed = true;
        List<Thread> stoppers = new ArrayList<>();
        for (String id : List.copyOf(running.keySet())) {
            Thread t = new Thread(() -> stop(id), "stop-" + id);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        feeds.values().forEach(LiveFeed::close);
        feeds.clear();
        diskPool.shutdown();
    }
}
