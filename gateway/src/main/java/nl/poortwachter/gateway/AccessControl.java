package nl.poortwachter.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import nl.poortwachter.gateway.audit.Anchors;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.gateway.audit.anchor.AnchorCopy;
import nl.poortwachter.gateway.audit.anchor.AnchorDelivery;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.AuditWriter;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.audit.routes.AuditRoutes;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.AuthChanges;
import nl.poortwachter.gateway.auth.ClusterAuthSync;
import nl.poortwachter.gateway.auth.Bootstrap;
import nl.poortwachter.gateway.auth.GroupStore;
import nl.poortwachter.gateway.auth.LoginThrottle;
import nl.poortwachter.gateway.auth.PasswordHasher;
import nl.poortwachter.gateway.auth.PreferenceStore;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.gateway.auth.UserStore;
import nl.poortwachter.gateway.auth.routes.AuthGuard;
import nl.poortwachter.gateway.auth.routes.FootageRegimes;
import nl.poortwachter.gateway.auth.routes.AuthRoutes;
import nl.poortwachter.gateway.auth.routes.GroupRoutes;
import nl.poortwachter.gateway.auth.routes.SessionRoutes;
import nl.poortwachter.gateway.auth.routes.SetupRoutes;
import nl.poortwachter.gateway.auth.routes.PreferenceRoutes;
import nl.poortwachter.gateway.auth.routes.UserRoutes;
import nl.poortwachter.gateway.config.AuditSettings;
import nl.poortwachter.gateway.config.AuthSettings;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.cluster.ClusterConfig;
import nl.poortwachter.recorder.database.PostgresConnector;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.OwnerOnly;

/**
 * Users, login sessions, the access policy and the audit log of one gateway, wired together: what the guard checks
 * every request against, and the hooks ({@link #audit()}) other parts call to record access.
 */
final class AccessControl implements AutoCloseable {
    private static final Log LOG = Log.of(AccessControl.class);
    /** PBKDF2 is CPU work: two threads on this pool at most, so password guessing cannot starve the rest. */
    private static final int HASHING_THREADS = 2;

    final UserStore users;
    final GroupStore groups;
    final PreferenceStore preferences;
    final AuditStore auditStore;
    final AuditWriter auditWriter;
    final AuditLog audit;
    final SigningKey key;
    final Sessions sessions;
    final AccessPolicy policy;
    final PasswordHasher hasher;
    final LoginThrottle throttle;
    final Blocking hashing;
    private final AuthSettings auth;
    private final Vertx vertx;
    /** How often a cluster node looks for the other nodes' user and session changes. */
    private static final long AUTH_SYNC_MILLIS = 500;
    /** Null on the embedded single node. */
    private final ClusterAuthSync authSync;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    private AccessControl(GatewayConfig config, Vertx vertx, Clock clock, UserStore users, PreferenceStore preferences,
                          AuditStore auditStore, SigningKey key, AuditWriter writer) {
        this.clock = clock;
        this.vertx = vertx;
        this.auth = config.auth();
        AuditSettings a = config.audit();
        this.users = users;
        this.preferences = preferences;
        this.auditStore = auditStore;
        this.key = key;
        this.auditWriter = writer;
        // Footage the index knows no regime of is named as a camera without a known regime is: one word for both.
        this.audit = new AuditLog(writer, clock, r -> a.activityOf(AccessPolicy.UNKNOWN_REGIME.equals(r) ? null : r),
                Map.of("name", a.gatewayName(), "version", version()));
        this.sessions = new Sessions(clock, auth.sessionIdle(), auth.sessionMax(), random);
        this.groups = new GroupStore(users);
        this.policy = new AccessPolicy(auth.policeOnlyRegimes(), groups);
        this.hasher = new PasswordHasher(auth.passwordHashIterations(), random);
        this.throttle = new LoginThrottle(clock, auth.maxFailedLogins(), auth.maxFailedLoginsPerAddress(),
                auth.lockout(), auth.lockoutMax());
        this.hashing = new Blocking(vertx, "password-hashing", HASHING_THREADS);
        // A cluster node follows the other nodes' users, login sessions and camera groups (D73, D79); one node has
        // nobody to follow.
        this.authSync = users.database().dialect().shared()
                ? new ClusterAuthSync(new AuthChanges(users.database()), users, sessions, groups, AUTH_SYNC_MILLIS)
                : null;
    }

    /**
     * Opens (or creates) the user database, the signing key and the audit log, and makes the first admin.
     *
     * @param storageId the storage folder's identity: both databases must belong to it
     */
    static AccessControl open(GatewayConfig config, String storageId, Vertx vertx, Clock clock,
                              Consumer<String> console, MeterRegistry registry) throws Exception {
        UserStore users = null;
        PreferenceStore preferences = null;
        AuditStore store = null;
        AuditWriter writer = null;
        try {
            ClusterConfig cluster = config.recorder().cluster();
            // A cluster node keeps users and the audit log in the shared database (D70, D71): one set of users,
            // one chain; the signing key is the cluster's, copied to every node's key folder (docs/cluster.md).
            users = cluster == null ? new UserStore(config.storageDir().resolve(UserStore.FILE), storageId)
                    : new UserStore(new PostgresConnector("user database", "auth", cluster.database()), storageId);
            preferences = new PreferenceStore(users.database());
            AuditSettings a = config.audit();
            if (cluster != null) {
                store = AuditStore.open(new PostgresConnector("audit database", "audit", cluster.database()), storageId);
            } else {
                if (a.file().getParent() != null) {
                    OwnerOnly.createDirectories(a.file().getParent());
                }
                store = new AuditStore(a.file(), storageId);
            }
            Anchors anchors = AnchorDelivery.of(a.anchor().file(), a.anchor().syslogHost(), a.anchor().syslogPort(),
                    a.anchor().syslogTcp(), a.gatewayName(), registry);
            // The key after the log: whether a missing or foreign key is an alarm depends on what the log holds.
            writer = AuditWriter.start(store, a.keyDir(), clock, a.checkpointEntries(), a.checkpointInterval(),
                    anchored(a.anchor().file()), anchors);
            SigningKey key = writer.key();
            AuditWriter w = writer;
            Gauge.builder("audit.log.alarm", w, x -> x.alarm() == null ? 0 : 1)
                    .description("1 while the audit log has an alarm (cut, rewritten, key changed) that an "
                            + "administrator has not acknowledged: it then records nothing but logins")
                    .register(registry);
            AccessControl ac = new AccessControl(config, vertx, clock, users, preferences, store, key, writer);
            Bootstrap.ensureAdmin(users, ac.hasher, config.auth(), ac.audit, clock, ac.random, console);
            return ac;
        } catch (Exception | Error e) {
            if (writer != null) {
                writer.close();
            }
            if (store != null) {
                store.close();
            }
            if (users != null) {
                users.close();
            }
            throw e;
        }
    }

    /** The newest checkpoint of the anchor file; a file that cannot be read is said, and the start goes on. */
    private static Optional<Checkpoint> anchored(Path file) {
        try {
            return AnchorCopy.newest(file);
        } catch (IOException e) {
            LOG.error("audit anchor file cannot be read; the log is not compared with it", e, "file", file);
            return Optional.empty();
        }
    }

    AuthGuard guard(FootageRegimes regimes) {
        return new AuthGuard(sessions, users, policy, audit, regimes);
    }

    void register(Router router, Blocking blocking) {
        new AuthRoutes(vertx, users, sessions, hasher, throttle, policy, audit, hashing, auth.secureCookie()).register(router);
        new UserRoutes(users, groups, sessions, hasher, audit, blocking, clock, random).register(router);
        new GroupRoutes(groups, users, audit, blocking, clock).register(router);
        new SetupRoutes(vertx, users, sessions, hasher, throttle, policy, audit, hashing, clock, auth.secureCookie())
                .register(router);
        new SessionRoutes(sessions, users, audit, blocking).register(router);
        new PreferenceRoutes(preferences, blocking, clock).register(router);
        new AuditRoutes(auditStore, key, audit, blocking).register(router);
    }

    AuditLog audit() {
        return audit;
    }

    private static String version() {
        String v = Gateway.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** After the HTTP server stopped: the writer drains its queue and signs a last checkpoint. */
    @Override
    public void close() {
        if (authSync != null) {
            authSync.close();
        }
        hashing.close();
        try {
            auditWriter.close();
        } catch (RuntimeException e) {
            LOG.warn("audit writer did not close cleanly", e);
        }
        auditStore.close();
        users.close();
    }
}
