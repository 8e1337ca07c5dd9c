package nl.poortwachter.recorder;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraValidator;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.ConnectionTest;
import nl.poortwachter.recorder.camera.Picture;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.capacity.Capacity;
import nl.poortwachter.recorder.capacity.CapacityMonitor;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.cluster.ClusterConfig;
import nl.poortwachter.recorder.cluster.LeaseKeeper;
import nl.poortwachter.recorder.playback.FootageLocator;
import nl.poortwachter.recorder.database.PostgresConnector;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.storage.CameraLease;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.fanout.LiveStream;
import nl.poortwachter.recorder.fanout.ServedFeed;
import nl.poortwachter.recorder.ingest.IngestStatus;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.register.ImportLimits;
import nl.poortwachter.recorder.register.RegisterRules;
import nl.poortwachter.recorder.storage.Recovery;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.transcode.FfmpegRuntime;
import nl.poortwachter.recorder.transcode.LivePicture;

/**
 * The recorder's public face: cameras, their ingest, their recordings. Every method may block (disk, database,
 * FFmpeg): callers on an event loop must hop to a worker thread first.
 */
public final class Recorder implements AutoCloseable {
    private static final Log LOG = Log.of(Recorder.class);

    private final RecorderConfig config;
    private final Clock clock;
    private final StorageLayout layout;
    /** Held for the recorder's life when it took the folder itself; else the caller's (the gateway's). */
    private final StorageFolder folder;
    private final boolean ownsFolder;
    private final IndexDatabase index;
    /** Null on the embedded single node. */
    private final LeaseKeeper keeper;
    private final CameraStore cameras;
    private final CameraValidator validator;
    /** Camera addresses: checked when a camera is saved, at start for stored ones, and before every connection. */
    private final RtspUrlPolicy urlPolicy;
    /** Stored cameras not started because their URL is refused now (after a policy change), with why. */
    private final RefusedCameras refused;
    private final Probes probes;
    private final Pipelines pipelines;
    /** What each camera costs, whether it keeps up, and the overload policy (docs/decisions.md D42). */
    private final CapacityMonitor capacity;
    private final Object cameraLock = new Object();
    private final Archive archive;
    private final Register register;
    private final CameraEdits edits;
    private final LiveFeeds liveFeeds;
    private final Recordings recordings;
    private volatile boolean closed;

    private Recorder(RecorderConfig config, MeterRegistry registry, Clock clock, StorageFolder folder, boolean ownsFolder) {
        this.folder = folder;
        this.ownsFolder = ownsFolder;
        this.config = config;
        this.clock = clock;
        this.layout = new StorageLayout(config.storageDir());
        CredentialCipher cipher;
        try {
            cipher = config.credentials().open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("camera credential key: " + e.getMessage(), e);
        }
        this.index = config.cluster() == null
                ? IndexDatabase.open(IndexDatabase.connector(config.databaseFile()), folder.id(), null, cipher)
                : IndexDatabase.open(new PostgresConnector("index database", "index", config.cluster().database()),
                        folder.id(), config.cluster().nodeId(), cipher);
        this.cameras = index.cameras();
        SegmentIndex segments = index.segments();
        this.urlPolicy = new RtspUrlPolicy(config.addressPolicy());
        this.validator = new CameraValidator(urlPolicy, config.legalRegimes(), config.passthroughPolicy());
        this.refused = new RefusedCameras(urlPolicy);
        // The keeper is made below: the pipelines ask it for a camera's lease only once cameras start.
        this.pipelines = new Pipelines(config, layout, segments, registry, clock, urlPolicy, this::leaseOf);
        // Live-only sessions of the cameras' sub-streams while they are watched (D89).
        SubStreams subStreams = new SubStreams(pipelines::liveOnlySession, clock);
        CameraControls controls = new CameraControls(cameras, pipelines, cameraLock, refused::allowedNow);
        this.capacity = new CapacityMonitor(config.capacity(), pipelines::all, clock, registry);
        // A node's share of the cluster's cameras is bounded by what its capacity monitor measures (D91).
        this.keeper = config.cluster() == null ? null : new LeaseKeeper(index.leases(), config.cluster(),
                config.cluster().peerAddress(), controls.forLeaseKeeper(), () -> capacity.report().camerasThatFit());
        this.probes = new Probes(urlPolicy, config.ingest().probeTimeout());
        // Where a segment's bytes are: here, or with another node of the cluster (D77).
        ClusterConfig c = config.cluster();
        FootageLocator locator = c == null ? FootageLocator.local(layout)
                : new FootageLocator(c.nodeId(), layout, c.peerStorage(), node -> keeper.nodes().address(node));
        this.archive = new Archive(index, layout, locator, config.legalRegimes(), config.retention(),
                controls.forStorageReserve(), registry, clock);
        this.liveFeeds = new LiveFeeds(cameras, pipelines, subStreams, cameraLock);
        this.edits = new CameraEdits(cameras, validator, new CameraChanges(cameras, clock), pipelines, subStreams, refused,
                cameraLock);
        this.recordings = new Recordings(cameras, segments, layout, locator, clock);
        this.register = new Register(index.register(), cameras, validator, new RegisterRules(
                urlPolicy, config.legalRegimes(), clock), ImportLimits.DEFAULT,
                this::status, this, cameraLock, clock);
    }

    /** The lease to record a camera under: always on the embedded single node; null while another node holds it. */
    private CameraLease leaseOf(String id) {
        return keeper == null ? CameraLease.NONE : keeper.lease(id);
    }

    public static Recorder start(RecorderConfig config, MeterRegistry registry) {
        return start(config, registry, Clock.systemUTC());
    }

    /**
     * Takes the storage folder's lock for the recorder's life (see {@link StorageFolder}), then starts.
     *
     * @throws nl.poortwachter.recorder.storage.StorageInUseException when another gateway uses the folder
     */
    public static Recorder start(RecorderConfig config, MeterRegistry registry, Clock clock) {
        StorageFolder folder = StorageFolder.open(config.storageDir());
        try {
            return start(config, registry, clock, folder, true);
        } catch (RuntimeException | Error e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Starts on a storage folder the caller locked and keeps (the gateway, whose other databases are bound to it).
     *
     * @throws nl.poortwachter.recorder.database.ForeignDatabaseException when the index belongs to another folder
     */
    public static Recorder start(RecorderConfig config, MeterRegistry registry, Clock clock, StorageFolder folder) {
        return start(config, registry, clock, folder, false);
    }

    private static Recorder start(RecorderConfig config, MeterRegistry registry, Clock clock, StorageFolder folder,
                                  boolean ownsFolder) {
        if (!folder.root().equals(config.storageDir().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("locked folder " + folder.root() + " is not the storage folder "
                    + config.storageDir());
        }
        FfmpegRuntime.load(registry);
        Recorder r = new Recorder(config, registry, clock, folder, ownsFolder);
        try {
            StartupRecovery.Report recovered = StartupRecovery.run(r.layout, r.index, clock.instant());
            Recovery.Report report = recovered.files();
            LOG.info("recovery.done", "repaired", report.repaired(), "indexed", report.indexed(), "removed", report.removed(),
                    "purgesFinished", recovered.finishedPurges().size());
            for (CameraSpec configured : config.configuredCameras()) {
                r.edits.upsertConfigured(configured);
            }
            if (r.keeper != null) {
                r.keeper.start(); // a cluster node records the cameras whose lease it takes
            } else {
                for (CameraSpec camera : r.cameras.list()) {
                    if (camera.recording() && r.refused.allowedNow(camera)) {
                        r.pipelines.start(camera);
                    }
                }
            }
            r.archive.start(recovered.finishedPurges());
            r.capacity.start();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw new IllegalStateException("recorder start-up failed: " + e.getMessage(), e);
        }
        LOG.info("recorder.started", "cameras", r.pipelines.count(), "storage", r.layout.root());
        return r;
    }

    /**
     * The gateway listens on {@code address}:{@code port} (a wildcard address: on all of this machine's): a camera
     * URL naming that socket is refused (a probe of it would make the gateway talk to itself).
     */
    public void addOwnListener(InetAddress address, int port) {
        urlPolicy.addresses().addOwnListener(address, port);
    }

    /** The camera URL policy, for what else finds camera addresses (ONVIF): one policy, knowing the own ports. */
    public RtspUrlPolicy urlPolicy() {
        return urlPolicy;
    }

    public List<CameraView> cameras() {
        List<CameraView> out = new ArrayList<>();
        for (CameraSpec c : cameras.list()) {
            out.add(view(c));
        }
        return out;
    }

    public Optional<CameraView> camera(String id) {
        return cameras.find(id).map(this::view);
    }

    private CameraView view(CameraSpec c) {
        return CameraView.of(c, status(c.id()));
    }

    private IngestStatus status(String cameraId) {
        CameraPipeline p = pipelines.get(cameraId);
        String why = refused.reason(cameraId);
        return p != null ? p.status() : why != null ? IngestStatus.refused(clock.instant(), why)
                : IngestStatus.stopped(clock.instant());
    }

    /** @throws nl.poortwachter.recorder.camera.InvalidCameraException naming the bad field; nothing is stored then */
    public CameraView addCamera(CameraSpec spec) {
        return addCamera(spec, ChangeApproval.NONE);
    }

    /** As {@link #addCamera(CameraSpec)}; the camera starts only once {@code approval} accepted it. */
    public CameraView addCamera(CameraSpec spec, ChangeApproval approval) {
        return view(edits.add(spec, approval));
    }

    /** Replaces the camera's description; a null password keeps the stored one (the API never returns it). */
    public CameraView updateCamera(String id, CameraSpec spec) {
        return updateCamera(id, spec, ChangeApproval.NONE);
    }

    /** As {@link #updateCamera(String, CameraSpec)}; the change takes effect only once {@code approval} accepted it. */
    public CameraView updateCamera(String id, CameraSpec spec, ChangeApproval approval) {
        return view(edits.update(id, spec, approval));
    }

    /** Stops ingest and forgets the camera; its recordings stay until retention removes them. */
    public void removeCamera(String id) {
        removeCamera(id, ChangeApproval.NONE);
    }

    /**
     * As {@link #removeCamera(String)}, asking {@code approval} first: a removal is not undone (the pipeline and
     * live viewers are gone), so nothing is touched until the caller accepted it.
     */
    public void removeCamera(String id, ChangeApproval approval) {
        edits.remove(id, approval);
    }

    /** Connects once to a configured camera (its own ingest session is not disturbed) and reports the format. */
    public ProbeResult probe(String id) {
        return probes.probe(cameras.find(id).orElseThrow(() -> new NoSuchCameraException(id)));
    }

    /**
     * Connects once to a camera that is not saved yet (an integrator's "test before saving") and reports what it
     * sends and in which modes it could be recorded; with {@code picture}, also one decoded picture. The URL is
     * checked by the same policy as a saved camera's: nothing outside the camera networks is contacted.
     *
     * @throws nl.poortwachter.recorder.camera.InvalidCameraException when the URL or credentials are refused
     */
    public ConnectionTest testConnection(CameraSpec candidate, boolean picture) {
        return probes.test(validator.validateConnection(candidate), picture);
    }

    /**
     * A still of a configured camera from its own live feed (no second connection to the camera; privacy masks are
     * in it, as in the recording); empty when the camera is not streaming within the probe timeout.
     */
    public Optional<Picture> picture(String id) throws InterruptedException {
        LiveFeed feed = liveFeed(id).orElseThrow(() -> new NoSuchCameraException(id));
        return Optional.ofNullable(LivePicture.take(feed, config.ingest().probeTimeout()));
    }

    public Timeline recordings(String id, Instant from, Instant to) {
        return recordings.timeline(id, from, to);
    }

    /** One recorded segment of a camera: its file and seek points. Empty if the id belongs to another camera. */
    public Optional<SegmentFile> segment(String cameraId, long segmentId) {
        return recordings.segment(cameraId, segmentId);
    }

    /** The camera's fan-out point of recording fragments (about a second each); empty when it is not running. */
    public Optional<FragmentBus> liveFragments(String id) {
        return Optional.ofNullable(pipelines.get(id)).map(CameraPipeline::bus);
    }

    /**
     * The live feed of a camera this node records now (its pipeline runs here); empty otherwise. Never blocks: for
     * the cluster's live relay on an event loop (D76).
     */
    public Optional<LiveFeed> recordingFeed(String id) {
        return pipelines.recordingFeed(id);
    }

    /**
     * The cluster node recording the camera now (this one when its pipeline runs here), from the leases; empty when
     * none does, and always on the embedded single node. Blocks on the database.
     */
    public Optional<String> recordingNode(String id) {
        return keeper == null ? Optional.empty()
                : pipelines.isRunning(id) ? Optional.of(config.cluster().nodeId()) : keeper.holderOf(id);
    }

    /**
     * The camera's live feed (a chunk per picture, for low-latency viewers); empty for an unknown camera. It
     * outlives reconnects, edits and pauses of the camera, and is closed when the camera is removed.
     */
    public Optional<LiveFeed> liveFeed(String id) {
        return liveFeeds.main(id);
    }

    /**
     * The live feed of the stream a viewer asks for (D89): the sub-stream's, starting its live-only session, when the
     * camera has one; the main stream's otherwise (and when {@code main} is asked). Empty for an unknown camera. The
     * sub-stream's session stops a while after its last viewer left.
     */
    public Optional<ServedFeed> liveFeed(String id, LiveStream wanted) {
        return liveFeeds.served(id, wanted);
    }

    /**
     * The fragments of the camera's sub-stream (for live HLS, D89), starting its live-only session; empty for an unknown
     * camera, one without a sub-stream, or a paused one. Blocks on the database.
     */
    public Optional<FragmentBus> subStreamFragments(String id) {
        return liveFeeds.subStreamFragments(id);
    }

    /** What the box can do and does: per camera cost and lag, room left, the overload policy (D42). */
    public Capacity capacity() {
        return capacity;
    }

    public HealthReport health() {
        return HealthReport.check(layout.root(), index::health);
    }

    /** For tests and tools: commits queued index writes. */
    public void syncIndex() {
        index.sync();
    }

    /** The storage folder's identity (a UUID, kept in the folder; every database opened with it is bound to it). */
    public String storageId() {
        return folder.id();
    }

    public Path storageRoot() {
        return layout.root();
    }

    /** The camera register: the municipality's list of its cameras, connected or not yet. */
    public Register register() {
        return register;
    }

    /** Recorded footage: playback, exports, retention, legal holds, the purge log, the storage reserve. */
    public Archive archive() {
        return archive;
    }

    @Override
    public void close() {
        capacity.close();
        // First, and outside the camera lock: the reserve job may be stopping or restarting a camera under it; the
        // lease keeper stops this node's cameras and lets their leases go, so the other nodes take them at once.
        archive.close();
        if (keeper != null) {
            keeper.close();
        }
        synchronized (cameraLock) {
            if (closed) {
                return;
            }
            closed = true;
            liveFeeds.close();
            pipelines.close();
            probes.close();
            index.close();
            if (ownsFolder) {
                folder.close();
            }
            LOG.info("recorder.closed");
        }
    }
}
