package nl.poortwachter.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.routes.AuthGuard;
import nl.poortwachter.gateway.cameras.CameraRoutes;
import nl.poortwachter.gateway.cameras.ReducedRecordingEntries;
import nl.poortwachter.gateway.cluster.ClusteredVertx;
import nl.poortwachter.gateway.cameras.CameraTestRoutes;
import nl.poortwachter.gateway.cameras.RegimeRoutes;
import nl.poortwachter.gateway.config.ConfigException;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.health.CapacityRoutes;
import nl.poortwachter.gateway.health.HealthRoutes;
import nl.poortwachter.gateway.health.StatusRoutes;
import nl.poortwachter.gateway.http.ApiDocs;
import nl.poortwachter.gateway.http.ApiServer;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.http.TrustedProxies;
import nl.poortwachter.gateway.live.LiveMetrics;
import nl.poortwachter.gateway.live.LiveRoutes;
import nl.poortwachter.gateway.metrics.Metrics;
import nl.poortwachter.gateway.metrics.MetricsRoutes;
import nl.poortwachter.gateway.onvif.OnvifCameras;
import nl.poortwachter.gateway.onvif.OnvifRoutes;
import nl.poortwachter.gateway.playback.DeletionEntries;
import nl.poortwachter.gateway.playback.FootageRegimeLookup;
import nl.poortwachter.gateway.register.PublicRegisterRoutes;
import nl.poortwachter.gateway.register.RegisterChanges;
import nl.poortwachter.gateway.register.RegisterRoutes;
import nl.poortwachter.gateway.playback.PlaybackModule;
import nl.poortwachter.gateway.web.StaticFiles;
import nl.poortwachter.gateway.web.WebRoutes;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.storage.OwnerOnly;
import nl.poortwachter.recorder.onvif.CameraNetworks;
import nl.poortwachter.recorder.onvif.OnvifClient;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.logging.Log;

/**
 * One running gateway: Vert.x, the recorder, the HTTP API. Main uses it, and so do the tests, which start it
 * in-process on a free port with temporary storage.
 */
public final class Gateway implements AutoCloseable {
    private static final Log LOG = Log.of(Gateway.class);
    /** Recorder calls in flight at once; beyond this they queue rather than pile threads onto the disk. */
    private static final int RECORDER_CALL_THREADS = 16;
    private static final long START_TIMEOUT_MINUTES = 5;

    private final GatewayConfig config;
    private final Vertx vertx;
    private final Metrics metrics;
    private final Recorder recorder;
    private final Blocking blocking;
    private final AccessControl access;
    private final ApiServer server;
    private final Router router;
    private final LiveRoutes live;
    private final DeletionEntries deletionEntries;
    private final StorageFolder folder;
    /** Null on the embedded single node. */
    private final ClusterNode cluster;
    private final int port;

    private Gateway(GatewayConfig config, Vertx vertx, Metrics metrics, Recorder recorder, Blocking blocking,
                    AccessControl access, ApiServer server, Router router, LiveRoutes live,
                    DeletionEntries deletionEntries, StorageFolder folder, ClusterNode cluster, int port) {
        this.cluster = cluster;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        this.recorder = recorder;
        this.blocking = blocking;
        this.access = access;
        this.server = server;
        this.router = router;
        this.live = live;
        this.deletionEntries = deletionEntries;
        this.folder = folder;
        this.port = port;
    }

    /**
     * Creates the storage directory and takes its lock (held until {@link #close}: a second gateway on the same
     * folder is refused), starts the recorder (on a worker: it recovers the index and may take a
     * while) and then the HTTP server, so that the API never answers before cameras can be served.
     * Blocks the calling thread, which must not be a Vert.x thread.
     */
    public static Gateway start(GatewayConfig config) throws Exception {
        createDirectory(config.storageDir(), "storage directory");
        if (config.databaseFile().getParent() != null) {
            createDirectory(config.databaseFile().getParent(), "database directory");
        }
        // Before anything reads or writes there: another gateway may be using the folder.
        StorageFolder folder = StorageFolder.open(config.storageDir());
        Metrics metrics = new Metrics();
        VertxOptions options = new VertxOptions()
                // No .vertx cache directory in the working directory: we serve nothing from the class path by file.
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false));
        // A cluster node joins the others (Hazelcast) before anything else: its event bus carries live video (D76).
        Vertx vertx;
        try {
            vertx = config.cluster() == null ? Vertx.vertx(options) : ClusteredVertx.start(options, config.cluster());
        } catch (Exception | Error e) {
            metrics.close();
            folder.close();
            throw e;
        }
        Recorder recorder = null;
        ClusterNode cluster = null;
        Blocking blocking = null;
        AccessControl access = null;
        LiveRoutes live = null;
        DeletionEntries deletionEntries = null;
        Clock clock = Clock.systemUTC();
        try {
            recorder = vertx.executeBlocking(() -> Recorder.start(config.toRecorderConfig(), metrics.registry(), clock,
                    folder), false).await(START_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            LiveMetrics liveMetrics = new LiveMetrics(metrics.registry());
            if (config.cluster() != null) {
                cluster = ClusterNode.start(vertx, recorder, config.cluster(), liveMetrics);
            }
            access = AccessControl.open(config, folder.id(), vertx, clock, System.out::println, metrics.registry());
            blocking = new Blocking(vertx, "recorder-calls", RECORDER_CALL_THREADS);
            Router router = new Router();
            new CameraRoutes(recorder, blocking, clock, access.audit(), access.policy).register(router);
            new CameraTestRoutes(recorder, blocking, clock, access.audit(), config.legalRegimes().keySet()).register(router);
            new RegimeRoutes(config.legalRegimes(), config.auth().policeOnlyRegimes()).register(router);
            recorder.capacity().addListener(new ReducedRecordingEntries(recorder, access.audit()));
            new HealthRoutes(recorder, blocking, access.audit()::alarm).register(router);
            new CapacityRoutes(recorder, blocking).register(router);
            new StatusRoutes(recorder, blocking, access.auditWriter::status, access.audit()::alarm, clock)
                    .register(router);
            Recorder cams = recorder;
            new MetricsRoutes(metrics.registry(), blocking, config.auth().metricsPublic(),
                    () -> liveMetrics.cameras(cams.cameras().stream().map(CameraView::id).toList())).register(router);
            new ApiDocs().register(router);
            access.register(router, blocking);
            deletionEntries = PlaybackModule.install(router, recorder, blocking, access.audit(), access.auditStore,
                    access.key, access.policy, clock, cluster == null ? null : cluster.peers,
                    cluster == null ? null : cluster.nodeId);
            AuthGuard guard = access.guard(new FootageRegimeLookup(recorder, blocking, clock));
            live = new LiveRoutes(vertx, recorder, blocking, access.audit(), liveMetrics,
                    config.audit().defaultLivePurpose(), config.audit().askLivePurpose(),
                    (ex, id) -> guard.stillAllowed(ex, Permission.LIVE, id), clock, cluster == null ? null : cluster.relay);
            live.register(router);
            installRegister(router, config, recorder, blocking, access.audit(), clock);
            new WebRoutes(new StaticFiles()).register(router);
            requireDeclaredAccess(router);
            ApiServer server = new ApiServer(vertx, router, metrics.registry(), guard,
                    new TrustedProxies(config.auth().trustedProxies()));
            int port = listen(server, config);
            // A camera URL naming this socket is refused from now on.
            recorder.addOwnListener(listeningAddress(config.httpHost()), port);
            return new Gateway(config, vertx, metrics, recorder, blocking, access, server, router, live,
                    deletionEntries, folder, cluster, port);
        } catch (Exception | Error e) {
            if (live != null) {
                live.close();
            }
            if (blocking != null) {
                blocking.close();
            }
            if (deletionEntries != null) {
                deletionEntries.close();
            }
            if (access != null) {
                access.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (recorder != null) {
                closeQuietly(recorder);
            }
            vertx.close().await(30, TimeUnit.SECONDS);
            metrics.close();
            folder.close();
            throw e;
        }
    }

    /** The camera register, its public list, and ONVIF: finding cameras and adding them. */
    private static void installRegister(Router router, GatewayConfig config, Recorder recorder, Blocking blocking,
                                        AuditLog audit, Clock clock) {
        new RegisterRoutes(recorder.register(), blocking, audit, config.register(), clock).register(router);
        new PublicRegisterRoutes(recorder.register(), blocking, config.register(), config.legalRegimes())
                .register(router);
        // Devices, discovery answers and the stream URIs devices give pass the cameras' own address policy (networks,
        // special addresses, the gateway's own port, which it learns once listening).
        CameraNetworks networks = new CameraNetworks(recorder.urlPolicy().addresses());
        OnvifClient client = new OnvifClient(networks, recorder.urlPolicy(), config.onvif().timeout(), clock);
        new OnvifRoutes(client, networks, config.onvif(), new OnvifCameras(recorder,
                new RegisterChanges(recorder.register(), audit)), blocking, audit).register(router);
    }

    /**
     * A port in use (another gateway still running, another program) or an address this machine does not have is
     * the operator's to fix: one line naming the address, no stack trace.
     */
    private static int listen(ApiServer server, GatewayConfig config) throws Exception {
        try {
            return server.listen(config.httpHost(), config.httpPort()).await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException bind) {
                    throw new ConfigException("cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": "
                            + bind.getMessage() + "; stop what uses it or choose another address or port "
                            + "(--port, POORTWACHTER_HTTP_PORT, http.host, http.port)");
                }
            }
            throw e;
        }
    }

    /** The address the API listens on; a name that does not resolve now counts as every address (the safe side). */
    private static InetAddress listeningAddress(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new InetSocketAddress(0).getAddress();
        }
    }

    /** Secure by default: a route without an access declaration is a programming error, found at start-up. */
    private static void requireDeclaredAccess(Router router) {
        for (Router.Route r : router.routes()) {
            if (r.access().permission() == null) {
                throw new IllegalStateException(r.method() + " " + r.pattern() + " declares no access");
            }
        }
    }

    private static void createDirectory(Path dir, String what) {
        try {
            OwnerOnly.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create " + what + " " + dir + ": " + e);
        }
    }

    public int port() {
        return port;
    }

    public GatewayConfig config() {
        return config;
    }

    /** The audit hooks, for the parts of the gateway that deliver footage (live, playback, export, retention). */
    public AuditLog audit() {
        return access.audit();
    }

    /** Login sessions held in memory, expired ones not yet purged included (for tests: a refused login adds none). */
    public int sessionCount() {
        return access.sessions.count();
    }

    /** Every route with its declared access (for the role-matrix test). */
    public java.util.List<Router.Route> routes() {
        return router.routes();
    }

    /** Cameras configured now (from the file and added through the API); blocks on the index: not on an event loop. */
    public int cameraCount() {
        return recorder.cameras().size();
    }

    /** Whether the first-run page is open: the admin still has its one-time password (D55). */
    public boolean awaitingSetup() {
        return nl.poortwachter.gateway.auth.Bootstrap.pendingAdmin(access.users).isPresent();
    }

    /** The address clients use; a wildcard bind address is shown as localhost. */
    public String baseUrl() {
        String host = config.httpHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    /** Stops accepting requests first, then the recorder (which flushes segments), then Vert.x. */
    @Override
    public void close() {
        try {
            server.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not close cleanly", e);
        }
        live.close();
        blocking.close();
        // Before the audit log closes: a round writing then would fail (its deletions stay owed, for the next start).
        deletionEntries.close();
        access.close();
        if (cluster != null) {
            cluster.close(); // the other nodes stop asking this one for footage and live video
        }
        closeQuietly(recorder);
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly", e);
        }
        metrics.close();
        // Last: until here this gateway may still have written into the folder.
        folder.close();
    }

    private static void closeQuietly(Recorder recorder) {
        try {
            recorder.close();
        } catch (RuntimeException e) {
            LOG.warn("recorder did not close cleanly", e);
        }
    }
}
