package nl.poortwachter.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static nl.poortwachter.recorder.testing.Await.until;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import nl.poortwachter.recorder.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cluster nodes on one PostgreSQL user database (D73): a user made or changed on one node, a grant withdrawn,
 * a login and a logout, each reach the other node's memory (where every request is authorised) within a moment;
 * a session ended is not brought back by a late report of its start, nor is a later login ended by a late revocation.
 */
class ClusterAuthSyncTest {
    @TempDir
    Path dir;

    record Node(UserStore users, Sessions sessions, GroupStore groups, ClusterAuthSync sync) implements AutoCloseable {
        @Override
        public void close() {
            sync.close();
            users.close();
        }
    }

    private static Node node(TestDatabases dbs, String storage) {
        UserStore users = new UserStore(dbs.connector("auth", UserStore.SQLITE), storage);
        Sessions sessions = new Sessions(Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(8), new SecureRandom());
        GroupStore groups = new GroupStore(users);
        return new Node(users, sessions, groups, new ClusterAuthSync(new AuthChanges(users.database()), users, sessions,
                groups, 50));
    }

    @Test
    void usersGrantsLoginsAndLogoutsReachTheOtherNode() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        try (Node a = node(dbs, "storage-a"); Node b = node(dbs, "storage-b")) {
            User ina = new User("u1", "ina", Role.OPERATOR, "hash", false, Set.of("markt", "haven"), 1L);
            a.users().insert(ina);
            until(Duration.ofSeconds(10), "the user on B", () -> b.users().byName("ina").isPresent());
            assertEquals(Set.of("markt", "haven"), b.users().byId("u1").orElseThrow().grants());

            a.users().update(ina.withGrants(Set.of("markt")));
            until(Duration.ofSeconds(10), "the withdrawn grant on B", () -> b.users().byId("u1").orElseThrow().grants().equals(Set.of("markt")));

            Sessions.Issued login = a.sessions().create("u1");
            until(Duration.ofSeconds(10), "the login works on B", () -> b.sessions().lookup(login.token()).isPresent());
            a.sessions().revoke(login.token());
            until(Duration.ofSeconds(10), "the logout ends it on B", () -> b.sessions().lookup(login.token()).isEmpty());
            assertTrue(a.sessions().lookup(login.token()).isEmpty());

            // A late or repeated report of the login's start does not bring it back on either node.
            b.sessions().adopt(login.session().hash(), "u1", login.session().createdMillis());
            a.sessions().adopt(login.session().hash(), "u1", login.session().createdMillis());
            assertTrue(b.sessions().lookup(login.token()).isEmpty());
            assertTrue(a.sessions().lookup(login.token()).isEmpty());

            // A password change ends the user's other sessions; a login made after it survives the revocation
            // when it is applied later, on either node (found by the three-node test: the new login was dropped).
            Sessions.Issued kept = a.sessions().create("u1");
            Sessions.Issued other = a.sessions().create("u1");
            until(Duration.ofSeconds(10), "both logins on B", () -> b.sessions().lookup(other.token()).isPresent());
            a.sessions().revokeOthers("u1", kept.session().hash());
            Sessions.Issued after = a.sessions().create("u1");
            until(Duration.ofSeconds(10), "the revocation and the later login on B", () -> b.sessions().lookup(other.token()).isEmpty()
                    && b.sessions().lookup(after.token()).isPresent());
            a.sync().follow();
            b.sync().follow();
            assertTrue(a.sessions().lookup(after.token()).isPresent(), "the later login stays on A");
            assertTrue(b.sessions().lookup(kept.token()).isPresent(), "the kept session stays");
            assertTrue(a.sessions().lookup(other.token()).isEmpty());

            Sessions.Issued second = b.sessions().create("u1");
            until(Duration.ofSeconds(10), "the second login on A", () -> a.sessions().lookup(second.token()).isPresent());
            a.users().delete(a.users().byId("u1").orElseThrow());
            until(Duration.ofSeconds(10), "the removed user gone from B", () -> b.users().byId("u1").isEmpty());
            a.sessions().revokeAll("u1");
            until(Duration.ofSeconds(10), "its sessions ended on B", () -> b.sessions().lookup(second.token()).isEmpty());
            assertFalse(b.users().byName("ina").isPresent());
        }
    }

    /** A grant on a camera group authorises on every node as soon as the group changes on one (D79). */
    @Test
    void cameraGroupsMadeChangedAndRemovedReachTheOtherNode() throws Exception {
        TestDatabases dbs = TestDatabases.Kind.POSTGRESQL.in(dir);
        try (Node a = node(dbs, "storage-a"); Node b = node(dbs, "storage-b")) {
            User ina = new User("u1", "ina", Role.OPERATOR, "hash", false, Set.of("group:haven"), 1L);
            a.users().insert(ina);
            AccessPolicy onB = new AccessPolicy(Set.of(), b.groups());
            until(Duration.ofSeconds(10), "the user on B", () -> b.users().byId("u1").isPresent());
            User seenOnB = b.users().byId("u1").orElseThrow();
            assertFalse(onB.canSee(seenOnB, "kade-1"), "no group yet");

            a.groups().put(new CameraGroup("haven", "Haven", Set.of("kade-1", "kade-2"), 1L));
            until(Duration.ofSeconds(10), "the group's cameras granted on B", () -> onB.canSee(seenOnB, "kade-1"));
            assertTrue(onB.canSee(seenOnB, "kade-2"));

            a.groups().put(new CameraGroup("haven", "Haven", Set.of("kade-2"), 1L));
            until(Duration.ofSeconds(10), "a camera taken out of the group on B", () -> !onB.canSee(seenOnB, "kade-1"));
            assertTrue(onB.canSee(seenOnB, "kade-2"));

            b.groups().delete(b.groups().byId("haven").orElseThrow());
            until(Duration.ofSeconds(10), "the group removed on B gone from A", () -> a.groups().byId("haven").isEmpty());
            assertFalse(new AccessPolicy(Set.of(), a.groups()).canSee(a.users().byId("u1").orElseThrow(), "kade-2"));
            assertTrue(b.groups().groupsOf("kade-2").isEmpty());
        }
    }
}
