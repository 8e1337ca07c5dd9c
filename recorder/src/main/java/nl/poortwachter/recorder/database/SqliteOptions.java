package nl.poortwachter.recorder.database;

/**
 * How one SQLite database is opened. Every database is in WAL mode (readers never wait for the writer).
 *
 * @param durability      what a commit survives (synchronous=NORMAL or FULL)
 * @param foreignKeys     whether SQLite enforces REFERENCES clauses (it does not by default)
 * @param busyTimeoutMillis how long a statement waits for a lock held by another connection before it fails
 * @param walLimitBytes   0 for SQLite's defaults; otherwise the write-ahead log is checkpointed at this size and
 *                        truncated back to it afterwards, so that it cannot hold on to disk space (the index's WAL
 *                        lives on the storage disk, whose space the storage reserve must be able to free)
 * @param readers         read connections beside the writer
 */
public record SqliteOptions(Durability durability, boolean foreignKeys, int busyTimeoutMillis, long walLimitBytes,
                            int readers) {
    public SqliteOptions {
        if (readers < 1) {
            throw new IllegalArgumentException("at least one reader");
        }
    }
}
