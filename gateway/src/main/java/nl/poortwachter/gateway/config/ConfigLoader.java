package nl.poortwachter.gateway.config;

import static nl.poortwachter.gateway.config.SettingsTable.AUDIT_PATH;
import static nl.poortwachter.gateway.config.SettingsTable.HTTP_HOST;
import static nl.poortwachter.gateway.config.SettingsTable.HTTP_PORT;
import static nl.poortwachter.gateway.config.SettingsTable.LOG_FORMAT;
import static nl.poortwachter.recorder.settings.RecorderSettings.CLUSTER_PEER_STORAGE;
import static nl.poortwachter.recorder.settings.RecorderSettings.DATABASE_PATH;
import static nl.poortwachter.recorder.settings.RecorderSettings.LEGAL_REGIMES;
import static nl.poortwachter.recorder.settings.RecorderSettings.STORAGE_PATH;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.secrets.CredentialSource;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.settings.Setting;
import nl.poortwachter.recorder.settings.SettingException;
import nl.poortwachter.recorder.settings.Settings;

/**
 * Reads gateway.yaml into a {@link GatewayConfig}: the rows of the {@link SettingsTable} (their defaults where the
 * file says nothing), the legal regimes and the cameras, then the command-line overrides. Every problem is reported
 * as a {@link ConfigException} naming the file and the key, because a gateway that starts with a half-understood
 * configuration (a misspelt {@code retentionDays} silently ignored) is worse than one that refuses to start.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("config", "gateway.yaml");

    private static final Log LOG = Log.of(ConfigLoader.class);
    private static final TableReader TABLE = new TableReader(SettingsTable.ALL);

    private final Function<String, String> env;
    private final Path workDir;

    /**
     * @param env     environment lookup ({@code System::getenv} in production; a map in tests)
     * @param workDir what relative paths in the file are resolved against
     */
    public ConfigLoader(Function<String, String> env, Path workDir) {
        this.env = env;
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System::getenv, Path.of(""));
    }

    /**
     * @param explicit whether the operator named the file: then it must exist. The default file may be missing
     *                 (a developer running from a checkout); built-in defaults apply and a warning says so.
     */
    public GatewayConfig load(Path file, boolean explicit, Overrides overrides) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw new ConfigException(file + ": no such file");
            }
            LOG.warn("no configuration file; using built-in defaults", "file", file);
            return parse("", file.toString(), null, overrides);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().normalize(), overrides);
    }

    /** Parses YAML text; {@code name} is how messages refer to it, {@code source} what the config says it came from. */
    public GatewayConfig parse(String yaml, String name, Path source, Overrides overrides) {
        YamlDocument doc = YamlDocument.parse(name, yaml);
        Settings settings = TABLE.read(doc);
        Structures structures = doc.read(Structures.class);
        if (structures == null) {
            structures = new Structures(null, null);
        }
        try {
            return build(doc, withOverrides(settings, overrides), structures, source, overrides);
        } catch (SettingException e) {
            throw doc.fail(e.key(), e.getMessage());
        }
    }

    private GatewayConfig build(YamlDocument doc, Settings s, Structures structures, Path source, Overrides o) {
        RegimesSection regimes = RegimesSection.read(structures.legalRegimes(), doc);
        s = s.with(LEGAL_REGIMES, regimes.regimes());
        Path storage = s.get(STORAGE_PATH);
        RecorderConfig base = RecorderConfig.builder(storage).settings(s).build();
        // The key from the environment takes the file's place; never in a file the configuration names.
        RecorderConfig recorder = base.toBuilder().credentials(new CredentialSource(base.credentials().file(),
                env.apply(CredentialSource.ENV), env.apply(CredentialSource.ENV_NEW))).build();
        List<CameraSpec> cameras = new CamerasSection(env, doc).read(structures.cameras(), recorder.addressPolicy(),
                recorder.legalRegimes(), recorder.passthroughPolicy());
        int port = o.httpPort() != null ? o.httpPort() : s.get(HTTP_PORT);
        return new GatewayConfig(source, s.get(HTTP_HOST), port, recorder.toBuilder().cameras(cameras).build(),
                AuthSettings.from(s, regimes.regimes(), env), AuditSettings.from(s, storage, regimes.activities()),
                s.get(LOG_FORMAT), RegisterSettings.from(s), OnvifSettings.from(s),
                ClusterSettings.from(s, recorder.cluster(), env));
    }

    /**
     * Paths resolved against the working directory, and what the command line says instead of the file. The index
     * stays next to the footage when not configured, also when {@code --storage} moved the footage.
     */
    private Settings withOverrides(Settings s, Overrides o) {
        if (o.httpPort() != null && (o.httpPort() < 0 || o.httpPort() > 65535)) {
            // 0 is allowed here only: tests ask for any free port and read the real one from the start line.
            throw new ConfigException("port override: must be between 0 and 65535 (got " + o.httpPort() + ")");
        }
        s = s.with(STORAGE_PATH, resolve(o.storageDir() != null ? o.storageDir() : s.get(STORAGE_PATH)));
        if (o.databaseFile() != null) {
            s = s.with(DATABASE_PATH, o.databaseFile());
        }
        for (Setting<Path> path : List.of(DATABASE_PATH, AUDIT_PATH, SettingsTable.ANCHOR_FILE,
                nl.poortwachter.recorder.settings.RecorderSettings.CREDENTIAL_KEY_FILE, CLUSTER_PEER_STORAGE)) {
            if (s.get(path) != null) {
                s = s.with(path, resolve(s.get(path)));
            }
        }
        return s;
    }

    private Path resolve(Path p) {
        return workDir.resolve(p).normalize();
    }
}
