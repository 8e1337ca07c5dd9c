package nl.poortwachter.recorder;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.capacity.MonitoredCamera;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.fanout.ByteBudget;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.Subscription;
import nl.poortwachter.recorder.ingest.CameraSession;
import nl.poortwachter.recorder.ingest.ConnectSlots;
import nl.poortwachter.recorder.ingest.IngestLoad;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.ingest.source.Sources;
import nl.poortwachter.recorder.metrics.CameraMetrics;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.CameraLease;
import nl.poortwachter.recorder.storage.SegmentWriter;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * camera → session → bus → segment writer (and the live feed), for one camera; started and stopped as a whole. The
 * capacity monitor reads and steers it.
 */
final class CameraPipeline implements MonitoredCamera {
    /** Fragments (about a second each) the writer may lag before it drops to the next keyframe. */
    private static final int WRITER_QUEUE = 30;

    private final CameraSpec camera;
    private final FragmentBus bus = new FragmentBus();
    private final CameraSession session;
    private final Subscription writerSubscription;
    private final SegmentWriter writer;
    private final CameraMetrics metrics;

    CameraPipeline(CameraSpec camera, LiveFeed live, RecorderConfig config, StorageLayout layout, SegmentIndex index,
                   Executor diskExecutor, ByteBudget writerBudget, ConnectSlots connectSlots, Sources sources,
                   MeterRegistry registry, Clock clock, CameraLease lease, RtspUrlPolicy urlPolicy) {
        this.camera = camera;
        CameraSession[] holder = new CameraSession[1];
        Subscription[] sub = new Subscription[1];
        this.metrics = new CameraMetrics(registry, camera.id(), () -> holder[0].status(),
                () -> sub[0] == null ? 0L : sub[0].dropped());
        this.session = new CameraSession(asRun(camera, config), config.ingest(), sources, bus, live, metrics,
                connectSlots, clock, urlPolicy::refusalNow);
        holder[0] = session;
        this.writer = new SegmentWriter(camera.id(), layout, index, config.segmentDuration().toMillis(), metrics, lease);
        this.writerSubscription = bus.subscribe(writer, WRITER_QUEUE, writerBudget, diskExecutor);
        sub[0] = writerSubscription;
    }

    /**
     * The camera as a session runs it: its own transcode settings over the box-wide ones (D86); what is stored and
     * shown stays what the camera was given.
     */
    static CameraSpec asRun(CameraSpec camera, RecorderConfig config) {
        return camera.withPipeline(camera.mode(), TranscodeSettings.resolve(camera.transcode(), config.transcode()),
                camera.masks(), camera.policyOverride());
    }

    CameraSpec camera() {
        return camera;
    }

    @Override
    public String cameraId() {
        return camera.id();
    }

    @Override
    public boolean transcoded() {
        return camera.mode() != PipelineMode.passthrough;
    }

    @Override
    public long threadId() {
        return session.threadId();
    }

    @Override
    public long newestDurableEndMillis() {
        return metrics.newestWrittenEndMillis();
    }

    @Override
    public double processedFps() {
        return session.processedFps();
    }

    @Override
    public void load(IngestLoad load) {
        session.load(load);
    }

    @Override
    public void keyframesOnly(boolean on) {
        session.keyframesOnly(on);
    }

    FragmentBus bus() {
        return bus;
    }

    @Override
    public IngestStatus status() {
        return session.status();
    }

    void start() {
        session.start();
    }

    /** Stops ingest (its thread releases the grabber), then lets the writer close its file. */
    void stop() {
        session.stop();
        // The session's end marker is queued behind its last fragments: the writer closes its file on it.
        writerSubscription.closeAfterDrain(15_000);
        metrics.close();
    }
}
