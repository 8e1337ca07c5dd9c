package nl.poortwachter.recorder.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.recorder.logging.Log;

/**
 * Where the credential key comes from: the environment variable {@value #ENV} (base64 of 32 bytes), or else a file
 * outside the storage folder, made (0600) at the first start. A rotation that did not finish leaves the new key
 * beside the old one ({@value #ENV_NEW}, or the file with {@value #NEXT_SUFFIX}): both then open stored passwords.
 *
 * @param file      the key file (used when {@code envKey} is null)
 * @param envKey    the value of {@value #ENV}, or null
 * @param envNewKey the value of {@value #ENV_NEW}, or null
 */
public record CredentialSource(Path file, String envKey, String envNewKey) {
    public static final String ENV = "POORTWACHTER_CREDENTIAL_KEY";
    public static final String ENV_NEW = "POORTWACHTER_CREDENTIAL_KEY_NEW";
    public static final String NEXT_SUFFIX = ".new";
    private static final Log LOG = Log.of(CredentialSource.class);

    /** The key file's new key while a rotation is under way. */
    public Path nextFile() {
        return file.resolveSibling(file.getFileName() + NEXT_SUFFIX);
    }

    public boolean fromEnvironment() {
        return envKey != null;
    }

    /** The cipher of this source: its key, made in the file if there is none yet, and a rotation's new key. */
    public CredentialCipher open() throws IOException {
        List<CredentialKey> others = new ArrayList<>();
        CredentialKey current;
        if (envKey != null) {
            current = parse(ENV, envKey);
            if (envNewKey != null) {
                others.add(parse(ENV_NEW, envNewKey));
            }
        } else if (Files.exists(file)) {
            current = CredentialKey.read(file);
            if (Files.exists(nextFile())) {
                others.add(CredentialKey.read(nextFile()));
            }
        } else {
            current = CredentialKey.generate();
            current.write(file);
            LOG.warn("credential key made; keep a copy apart from the storage folder's backups", "file", file,
                    "key_id", current.id());
        }
        return new CredentialCipher(current, others);
    }

    private static CredentialKey parse(String variable, String value) throws IOException {
        try {
            return CredentialKey.fromBase64(value);
        } catch (IllegalArgumentException e) {
            throw new IOException(variable + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CredentialSource[" + (envKey != null ? "environment " + ENV : "file " + file) + "]";
    }
}
