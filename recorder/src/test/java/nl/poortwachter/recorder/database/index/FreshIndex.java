package nl.poortwachter.recorder.database.index;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A new index in a folder of its own for each test of a store, closed after it. */
abstract class FreshIndex {
    @TempDir
    Path dir;
    IndexDatabase index;

    @BeforeEach
    void openIndex() {
        index = IndexDatabase.open(dir.resolve("index.db"));
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    /** Closes the index (committing what is queued) and opens the same file again. */
    void reopen() {
        index.close();
        index = IndexDatabase.open(dir.resolve("index.db"));
    }
}
