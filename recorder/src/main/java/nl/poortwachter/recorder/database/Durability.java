package nl.poortwachter.recorder.database;

/** What a commit survives once it has returned. Each dialect maps it onto its own settings. */
public enum Durability {
    /**
     * A crash of the process loses nothing committed; a power loss may lose the last commits (never corrupts).
     * SQLite: WAL with synchronous=NORMAL. For the recording index, whose newest rows recovery rebuilds from the
     * files, and which commits many times a second.
     */
    PROCESS_CRASH,
    /**
     * Every commit is on disk (fsync) before it returns, also across a power loss. SQLite: WAL with
     * synchronous=FULL. For the audit log and the users, where a lost commit is a lost entry or a revived password.
     */
    POWER_LOSS
}
