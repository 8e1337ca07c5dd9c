package nl.poortwachter.recorder.database.index;

import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new index in a folder of its own for each test of a store, closed after it; with a credential key, as the
 * gateway opens it, so that camera passwords can be stored (sealed, docs/decisions.md D50).
 */
abstract class FreshIndex {
    @TempDir
    Path dir;
    IndexDatabase index;
    private final CredentialCipher cipher = new CredentialCipher(CredentialKey.generate(), List.of());

    @BeforeEach
    void openIndex() {
        index = IndexDatabase.open(dir.resolve("index.db"), null, cipher);
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    /** Closes the index (committing what is queued) and opens the same file again, with the same key. */
    void reopen() {
        index.close();
        index = IndexDatabase.open(dir.resolve("index.db"), null, cipher);
    }
}
