package nl.poortwachter.recorder.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer's writer thread, transactions, readers and group commit, on a database of its own. */
class DatabaseTest {
    static final SqliteOptions OPTIONS = new SqliteOptions(Durability.POWER_LOSS, true, 1_000, 0, 2);

    @TempDir
    Path dir;

    private Database open(String schema, int version) {
        return Database.open(new SqliteConnector("test database", dir.resolve("t.db"), OPTIONS),
                new Schema(schema, version, getClass().getClassLoader()), null);
    }

    @Test
    void aStepThatFailsHalfWayIsUndoneWithItsVersionBump() throws Exception {
        DatabaseException e = assertThrows(DatabaseException.class, () -> open("test-halfway", 2));
        assertTrue(e.getMessage().contains("db/test-halfway/V2__fails_halfway.sql failed and was undone; the database "
                + "stays at schema version 1"), e.getMessage());
        Path db = dir.resolve("t.db");
        assertEquals(1, SqliteFiles.number(db, "PRAGMA user_version"));
        assertEquals(1, SqliteFiles.number(db, "SELECT COUNT(*) FROM first"), "the step's insert was undone");
        assertEquals(0, SqliteFiles.number(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'second'"));
    }

    @Test
    void aWriteThatFailsLeavesNothingAndTheWriterGoesOn() throws Exception {
        try (Database db = open("test-override", 2)) {
            assertThrows(DatabaseException.class, () -> db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO later VALUES (1)");
                    s.execute("INSERT INTO no_such_table VALUES (2)");
                }
                return null;
            }));
            assertEquals(0L, count(db));
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO later VALUES (3)"));
            assertEquals(1L, count(db));
        }
    }

    @Test
    void transactionsRunOnlyOnTheWriterThreadAndReadersCannotWrite() throws Exception {
        try (Database db = open("test-override", 2)) {
            assertThrows(IllegalStateException.class, () -> db.transaction(c -> null));
            assertThrows(DatabaseException.class, () -> db.read(c -> c.createStatement().executeUpdate(
                    "INSERT INTO later VALUES (1)")));
            String thread = db.write(c -> Thread.currentThread().getName());
            assertEquals("test-override-db-writer", thread);
        }
        try (Database readOnly = Database.openReadOnly(new SqliteConnector("test database", dir.resolve("t.db"), OPTIONS))) {
            assertThrows(DatabaseException.class, () -> readOnly.write(c -> null));
            assertEquals(0L, count(readOnly));
        }
    }

    @Test
    void groupCommitWritesWhatQueuedMeanwhileInFewTransactions() throws Exception {
        try (Database db = open("test-override", 2)) {
            List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
            GroupCommit<Integer> group = new GroupCommit<>(db, "numbers", insertCounting(batches), 0);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 500; i++) {
                        group.add(next.incrementAndGet());
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            group.sync();
            assertEquals(0, group.pending());
            assertEquals(2000L, count(db));
            assertEquals(2000, batches.stream().mapToInt(Integer::intValue).sum());
            assertTrue(batches.size() < 2000, "grouped: " + batches.size() + " transactions");
        }
    }

    @Test
    void groupCommitGathersItemsThatArriveApartIntoOneTransaction() throws Exception {
        try (Database db = open("test-override", 2)) {
            List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
            GroupCommit<Integer> group = new GroupCommit<>(db, "numbers", insertCounting(batches), 2_000);
            group.add(1);
            db.onWriter(() -> null); // the writer has run everything queued for it: no flush was among it
            assertEquals(1, group.pending());
            group.add(2);
            db.onWriter(() -> null);
            assertEquals(2, group.pending(), "still gathering");
            Await.until(Duration.ofSeconds(30), "the gathered flush", () -> group.pending() == 0 && count(db) == 2);
            assertEquals(List.of(2), batches);
        }
    }

    private static GroupCommit.Batch<Integer> insertCounting(List<Integer> batches) {
        return (c, items) -> {
            batches.add(items.size());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO later VALUES (?)")) {
                for (int i : items) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        };
    }

    private static long count(Database db) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM later")) {
                return rs.getLong(1);
            }
        });
    }
}
