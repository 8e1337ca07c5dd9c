package nl.poortwachter.gateway.auth;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.poortwachter.recorder.logging.Log;

/**
 * Keeps this cluster node's users, login sessions and camera groups the same as every other node's (D73, D79). This
 * node's login session changes go to the change log on a thread of their own (the event loop that logged someone in
 * never waits for the database); every {@code everyMillis} the thread reads the changes since it last looked, from a
 * little before (transactions may commit out of order; re-applying one is harmless), and applies them: a user
 * reloaded, a login session adopted or dropped, the camera groups reloaded. A login on one node works on another
 * within about that interval; a logout or a withdrawn grant ends everywhere within it too.
 */
public final class ClusterAuthSync implements Sessions.Replication, AutoCloseable {
    private static final Log LOG = Log.of(ClusterAuthSync.class);
    /** How far back each look starts: more than the changes that can be in flight at once. */
    private static final long OVERLAP = 200;
    private static final long KEEP_MILLIS = 86_400_000L;

    private final AuthChanges changes;
    private final UserStore users;
    private final Sessions sessions;
    /** Camera groups, whose grants authorise like a camera's own (D79); null where the caller keeps none. */
    private final GroupStore groups;
    private final ScheduledExecutorService thread;
    private long seen;
    private long lastPrune;

    public ClusterAuthSync(AuthChanges changes, UserStore users, Sessions sessions, long everyMillis) {
        this(changes, users, sessions, null, everyMillis);
    }

    /** @param groups the camera groups mirrored here, reloaded when another node changes one */
    public ClusterAuthSync(AuthChanges changes, UserStore users, Sessions sessions, GroupStore groups,
                           long everyMillis) {
        this.changes = changes;
        this.users = users;
        this.sessions = sessions;
        this.groups = groups;
        this.seen = changes.newest();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-auth-sync");
            t.setDaemon(true);
            return t;
        });
        sessions.replicateTo(this);
        thread.scheduleWithFixedDelay(this::follow, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void created(Sessions.Session s) {
        publish(AuthChanges.SESSION, s.hash(), s.userId(), s.createdMillis());
    }

    @Override
    public void revoked(String hash) {
        publish(AuthChanges.SESSION_REVOKED, hash, null, null);
    }

    /** The revocation's time travels in the change's {@code created_ms}: sessions made until then end. */
    @Override
    public void revokedAll(String userId, String exceptHash, long atMillis) {
        publish(AuthChanges.SESSIONS_REVOKED, exceptHash == null ? "*" : exceptHash, userId, atMillis);
    }

    private void publish(String kind, String subject, String userId, Long created) {
        thread.execute(() -> {
            try {
                changes.record(kind, subject, userId, created);
            } catch (RuntimeException e) {
                LOG.warn("cluster.auth.publish.failed", "kind", kind, "error", e.getMessage());
            }
        });
    }

    void follow() {
        try {
            List<AuthChanges.Change> list = changes.since(Math.max(0, seen - OVERLAP));
            boolean groupsChanged = false;
            for (AuthChanges.Change c : list) {
                groupsChanged |= AuthChanges.CAMERA_GROUP.equals(c.kind());
                apply(c);
                seen = Math.max(seen, c.seq());
            }
            if (groupsChanged && groups != null) {
                groups.reload(); // once for all of them: one read of every group
            }
            long now = System.currentTimeMillis();
            if (now - lastPrune > 3_600_000L) {
                lastPrune = now;
                changes.prune(now - KEEP_MILLIS);
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster.auth.follow.failed", "error", e.getMessage());
        }
    }

    private void apply(AuthChanges.Change c) {
        switch (c.kind()) {
            case AuthChanges.USER -> {
                users.reload(c.subject());
                if (users.byId(c.subject()).isEmpty()) {
                    sessions.dropAll(c.subject(), null, Long.MAX_VALUE); // removed: none of its sessions is valid
                }
            }
            case AuthChanges.SESSION -> sessions.adopt(c.subject(), c.userId(), c.createdMillis());
            case AuthChanges.SESSION_REVOKED -> sessions.drop(c.subject());
            case AuthChanges.SESSIONS_REVOKED -> sessions.dropAll(c.userId(), "*".equals(c.subject()) ? null : c.subject(),
                    c.createdMillis() == null ? Long.MAX_VALUE : c.createdMillis());
            case AuthChanges.CAMERA_GROUP -> {
                // reloaded once after the whole batch (follow)
            }
            default -> LOG.warn("cluster.auth.unknown", "kind", c.kind());
        }
    }

    @Override
    public void close() {
        sessions.replicateTo(Sessions.Replication.NONE);
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
