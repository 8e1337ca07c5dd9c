package nl.poortwachter.gateway.check;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.database.DatabaseException;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.secrets.CredentialCipher;
import nl.poortwachter.recorder.secrets.CredentialKey;
import nl.poortwachter.recorder.secrets.CredentialSource;
import nl.poortwachter.recorder.secrets.SealedCredentialException;
import nl.poortwachter.recorder.storage.StorageFolder;
import nl.poortwachter.recorder.storage.StorageInUseException;

/**
 * {@code gateway rotate-credential-key}: every stored camera password sealed again with a new key, in one
 * transaction, while no gateway runs on the storage folder (its lock is taken, as {@code check} does). With a key
 * file the new key is made and written beside it ({@code .new}) first, the index re-sealed, then the file replaced:
 * a crash in between leaves both keys, which both open the passwords at the next start. With the key in the
 * environment the new one comes from {@value CredentialSource#ENV_NEW}; the operator then moves it into
 * {@value CredentialSource#ENV}. Logged; prints one line. Exit 0 done, 1 failed (nothing changed).
 */
public final class RotateCredentialKey {
    public static final String WORD = "rotate-credential-key";
    private static final Log LOG = Log.of(RotateCredentialKey.class);

    private RotateCredentialKey() {
    }

    public static int run(GatewayConfig config, PrintStream out) {
        RecorderConfig rc = config.toRecorderConfig();
        CredentialSource source = rc.credentials();
        try (StorageFolder folder = StorageFolder.openForCheck(rc.storageDir())) {
            CredentialCipher current = source.open();
            CredentialKey next;
            if (source.fromEnvironment()) {
                if (source.envNewKey() == null) {
                    out.println("the credential key comes from " + CredentialSource.ENV + ": put the new key (base64 of"
                            + " 32 bytes) in " + CredentialSource.ENV_NEW + " and run this again");
                    return CheckCommand.EXIT_PROBLEMS;
                }
                next = CredentialKey.fromBase64(source.envNewKey());
            } else {
                next = CredentialKey.generate();
                next.write(source.nextFile());
            }
            int n;
            try (IndexDatabase index = IndexDatabase.open(rc.databaseFile(), folder.id(), current)) {
                n = index.resealCredentials(new CredentialCipher(next, List.of()));
            }
            if (!source.fromEnvironment()) {
                Files.move(source.nextFile(), source.file(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("credential key rotated", "cameras", n, "key_id", next.id(), "previous_key_id", current.keyId());
            out.println("sealed " + n + " camera password" + (n == 1 ? "" : "s") + " with credential key " + next.id()
                    + " (was " + current.keyId() + ")" + (source.fromEnvironment() ? "; now set "
                    + CredentialSource.ENV + " to the value of " + CredentialSource.ENV_NEW + " and remove the latter"
                    : "; " + source.file() + " holds the new key: back it up apart from the storage"));
            return CheckCommand.EXIT_OK;
        } catch (IOException | UncheckedIOException | DatabaseException | SealedCredentialException
                 | StorageInUseException | IllegalArgumentException e) {
            out.println("credential key not rotated, nothing changed: " + e.getMessage());
            return CheckCommand.EXIT_PROBLEMS;
        }
    }
}
