package nl.poortwachter.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.json.InputProblem;
import nl.poortwachter.gateway.json.Locator;
import nl.poortwachter.gateway.json.Mappers;
import nl.poortwachter.gateway.logging.Kv;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraValidator;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.config.RecorderConfig;

/**
 * Reads gateway.yaml into a {@link GatewayConfig}. Every problem is reported as a {@link ConfigException} naming
 * the file and the key, because a gateway that starts with a half-understood configuration (a misspelt
 * {@code retentionDays} silently ignored) is worse than one that refuses to start.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("config", "gateway.yaml");

    private static final Logger LOG = Logger.getLogger("nl.poortwachter.gateway.config");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern REGIME_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

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
            LOG.warning(Kv.msg("no configuration file; using built-in defaults").with("file", file).toString());
            return build(ConfigFile.empty(), file.toString(), null, overrides);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().normalize(), overrides);
    }

    /** Parses YAML text; {@code name} is how messages refer to it. */
    public GatewayConfig parse(String yaml, String name, Path source, Overrides overrides) {
        ConfigFile file;
        if (yaml.isBlank()) {
            file = ConfigFile.empty();
        } else {
            try {
                file = Mappers.YAML_IN.readValue(yaml, ConfigFile.class);
            } catch (JacksonException e) {
                throw new ConfigException(describe(name, yaml, e));
            }
            if (file == null) {
                file = ConfigFile.empty();
            }
        }
        return build(file, name, source, overrides);
    }

    private static String describe(String name, String yaml, JacksonException e) {
        InputProblem p = InputProblem.of(e);
        int line = p.line();
        int column = p.column();
        if (e instanceof UnrecognizedPropertyException u) {
            JsonLocation key = Locator.locate(Mappers.YAML_IN.getFactory(), yaml, u.getPath());
            if (key != null) {
                line = key.getLineNr();
                column = key.getColumnNr();
            }
        }
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        switch (p.kind()) {
            case "malformed":
                return name + ": not valid YAML" + where + reasonOf(p);
            case "unknown_field":
                return name + ": unknown key '" + p.field() + "'" + where
                        + (p.known().isEmpty() ? "" : "; allowed here: " + String.join(", ", p.known()));
            default:
                String value = "";
                String offending = InputProblem.offendingValue(e);
                // Echo the offending value to help the operator, except under cameras: it may be a password.
                if (offending != null && p.field() != null && !p.field().startsWith("cameras")
                        && offending.length() <= 100) {
                    value = " (got '" + offending + "')";
                }
                return name + ": " + p.message() + value + where;
        }
    }

    private static String reasonOf(InputProblem p) {
        int open = p.message().indexOf(" (");
        return open < 0 ? "" : p.message().substring(open);
    }

    private GatewayConfig build(ConfigFile f, String name, Path source, Overrides o) {
        Checker c = new Checker(name);
        ConfigFile.Http http = f.http() == null ? new ConfigFile.Http(null, null) : f.http();
        String host = http.host() == null ? "127.0.0.1" : http.host();
        if (host.isBlank() || host.chars().anyMatch(ch -> ch <= ' ')) {
            throw c.fail("http.host", "must be an address such as 127.0.0.1 or 0.0.0.0");
        }
        int port = c.range("http.port", http.port(), 8080, 1, 65535);
        if (o.httpPort() != null) {
            // 0 is allowed here only: tests ask for any free port and read the real one from the start line.
            if (o.httpPort() < 0 || o.httpPort() > 65535) {
                throw new ConfigException("port override: must be between 0 and 65535 (got " + o.httpPort() + ")");
            }
            port = o.httpPort();
        }

        Path storage = o.storageDir() != null ? resolve(o.storageDir())
                : resolve(c.path("storage.path", f.storage() == null ? null : f.storage().path(), "./data"));
        Path database;
        if (o.databaseFile() != null) {
            database = resolve(o.databaseFile());
        } else if (f.database() != null && f.database().path() != null) {
            database = resolve(c.path("database.path", f.database().path(), null));
        } else {
            // Not configured: keep the index next to the footage it describes, also when --storage moved it.
            database = storage.resolve("index.db");
        }

        ConfigFile.Recording rec = f.recording() == null ? new ConfigFile.Recording(null, null) : f.recording();
        int segmentSeconds = c.range("recording.segmentSeconds", rec.segmentSeconds(), 60, 1, 3600);
        int diskThreads = c.range("recording.diskThreads", rec.diskThreads(), 4, 1, 64);

        ConfigFile.Ingest in = f.ingest() == null ? new ConfigFile.Ingest(null, null, null, null, null, null, null) : f.ingest();
        int backoffInitial = c.range("ingest.backoffInitialSeconds", in.backoffInitialSeconds(), 1, 1, 3600);
        int backoffMax = c.range("ingest.backoffMaxSeconds", in.backoffMaxSeconds(), 30, 1, 3600);
        if (backoffMax < backoffInitial) {
            throw c.fail("ingest.backoffMaxSeconds", "must not be less than ingest.backoffInitialSeconds ("
                    + backoffInitial + ")");
        }
        RecorderConfig.Ingest ingest = new RecorderConfig.Ingest(
                Duration.ofSeconds(c.range("ingest.connectTimeoutSeconds", in.connectTimeoutSeconds(), 5, 1, 300)),
                Duration.ofSeconds(c.range("ingest.stallTimeoutSeconds", in.stallTimeoutSeconds(), 10, 1, 3600)),
                Duration.ofSeconds(backoffInitial),
                Duration.ofSeconds(backoffMax),
                Duration.ofSeconds(c.range("ingest.probeTimeoutSeconds", in.probeTimeoutSeconds(), 10, 1, 300)),
                rtspReader(c, in.rtspReader()),
                c.range("ingest.maxConcurrentConnects", in.maxConcurrentConnects(),
                        RecorderConfig.Ingest.DEFAULT_MAX_CONCURRENT_CONNECTS, 1, 1000));

        List<Cidr> networks = new ArrayList<>();
        List<String> rawNetworks = f.cameraNetworks() == null ? List.of() : f.cameraNetworks();
        for (int i = 0; i < rawNetworks.size(); i++) {
            String key = "cameraNetworks[" + i + "]";
            if (rawNetworks.get(i) == null) {
                throw c.fail(key, "is empty");
            }
            try {
                networks.add(Cidr.parse(rawNetworks.get(i).strip()));
            } catch (IllegalArgumentException e) {
                throw c.fail(key, e.getMessage());
            }
        }

        Map<String, LegalRegime> regimes = regimes(f.legalRegimes(), c);
        PassthroughPolicy passthrough = passthrough(f.passthrough(), c);
        List<CameraSpec> cameras = cameras(f.cameras(), c, name, networks, regimes, passthrough);

        AuthSettings auth = auth(f.auth(), c, regimes);
        AuditSettings audit = audit(f.audit(), f.legalRegimes(), c, storage);

        return new GatewayConfig(source, host, port, storage, database, Duration.ofSeconds(segmentSeconds),
                diskThreads, ingest, List.copyOf(networks), regimes, passthrough, cameras, auth, audit,
                RetentionSection.parse(f.retention(), name));
    }

    private AuthSettings auth(ConfigFile.Auth a, Checker c, Map<String, LegalRegime> regimes) {
        if (a == null) {
            a = new ConfigFile.Auth(null, null, null, null, null, null, null, null, null, null, null);
        }
        int idle = c.range("auth.sessionIdleMinutes", a.sessionIdleMinutes(), 15, 1, 24 * 60);
        int max = c.range("auth.sessionMaxHours", a.sessionMaxHours(), 8, 1, 24 * 7);
        if (idle > max * 60) {
            throw c.fail("auth.sessionIdleMinutes", "must not exceed auth.sessionMaxHours");
        }
        int lockout = c.range("auth.lockoutSeconds", a.lockoutSeconds(), 30, 1, 3600);
        int lockoutMax = c.range("auth.lockoutMaxSeconds", a.lockoutMaxSeconds(), 900, 1, 86400);
        if (lockoutMax < lockout) {
            throw c.fail("auth.lockoutMaxSeconds", "must not be less than auth.lockoutSeconds (" + lockout + ")");
        }
        List<String> policeOnly = a.policeOnlyRegimes() == null
                ? (regimes.containsKey("gemeentewet-151c") ? List.of("gemeentewet-151c") : List.of())
                : a.policeOnlyRegimes();
        for (int i = 0; i < policeOnly.size(); i++) {
            if (policeOnly.get(i) == null || !regimes.containsKey(policeOnly.get(i))) {
                throw c.fail("auth.policeOnlyRegimes[" + i + "]", "is not a configured legal regime");
            }
        }
        List<Cidr> proxies = new ArrayList<>();
        List<String> rawProxies = a.trustedProxies() == null ? List.of() : a.trustedProxies();
        for (int i = 0; i < rawProxies.size(); i++) {
            String p = rawProxies.get(i) == null ? "" : rawProxies.get(i).strip();
            try {
                // A single address is a network of one.
                proxies.add(Cidr.parse(p.contains("/") ? p : p + (p.contains(":") ? "/128" : "/32")));
            } catch (IllegalArgumentException e) {
                throw c.fail("auth.trustedProxies[" + i + "]", e.getMessage());
            }
        }
        // From the environment only: a password in a file is a password in backups and version control.
        String user = env.apply(AuthSettings.ADMIN_USER_ENV);
        String password = env.apply(AuthSettings.ADMIN_PASSWORD_ENV);
        return new AuthSettings(Duration.ofMinutes(idle), Duration.ofHours(max),
                c.range("auth.maxFailedLogins", a.maxFailedLogins(), 5, 1, 100),
                c.range("auth.maxFailedLoginsPerAddress", a.maxFailedLoginsPerAddress(), 20, 1, 10_000),
                Duration.ofSeconds(lockout), Duration.ofSeconds(lockoutMax),
                c.range("auth.passwordHashIterations", a.passwordHashIterations(), 600_000, 10_000, 10_000_000),
                a.secureCookie() != null && a.secureCookie(), java.util.Set.copyOf(policeOnly),
                a.metricsPublic() != null && a.metricsPublic(), List.copyOf(proxies), user, password);
    }

    private AuditSettings audit(ConfigFile.Audit a, Map<String, ConfigFile.Regime> rawRegimes, Checker c, Path storage) {
        if (a == null) {
            a = new ConfigFile.Audit(null, null, null, null, null, null);
        }
        Path file = a.path() == null ? storage.resolve("audit.db") : resolve(c.path("audit.path", a.path(), null));
        String purpose = a.defaultLivePurpose() == null ? "Cameratoezicht: live meekijken" : a.defaultLivePurpose().strip();
        if (purpose.length() < 3 || purpose.length() > 500) {
            throw c.fail("audit.defaultLivePurpose", "must be 3-500 characters");
        }
        String gatewayName = a.gatewayName() == null ? "poortwachter" : a.gatewayName().strip();
        if (!gatewayName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw c.fail("audit.gatewayName", "must be 1-64 characters A-Z, a-z, 0-9, '.', '_', '-'");
        }
        Map<String, String> activities = new LinkedHashMap<>();
        if (rawRegimes != null) {
            for (Map.Entry<String, ConfigFile.Regime> e : rawRegimes.entrySet()) {
                String uri = e.getValue() == null ? null : e.getValue().processingActivity();
                if (uri == null) {
                    continue;
                }
                try {
                    if (!new URI(uri.strip()).isAbsolute()) {
                        throw new URISyntaxException(uri, "not absolute");
                    }
                } catch (URISyntaxException ex) {
                    throw c.fail("legalRegimes." + e.getKey() + ".processingActivity",
                            "must be an absolute URI, e.g. https://register.example.nl/verwerkingen/42");
                }
                activities.put(e.getKey(), uri.strip());
            }
        }
        return new AuditSettings(file, storage.resolve("keys"),
                c.range("audit.checkpointEntries", a.checkpointEntries(), 10_000, 1, 1_000_000),
                Duration.ofSeconds(c.range("audit.checkpointSeconds", a.checkpointSeconds(), 60, 1, 86_400)),
                purpose, a.askLivePurpose() == null || a.askLivePurpose(), gatewayName, Map.copyOf(activities));
    }

    private Path resolve(Path p) {
        return workDir.resolve(p).normalize();
    }

    /** Built-in regimes unless the file lists its own; a file's list replaces them, so a regime can be withdrawn. */
    private static Map<String, LegalRegime> regimes(Map<String, ConfigFile.Regime> raw, Checker c) {
        if (raw == null) {
            return DefaultRegimes.ALL;
        }
        if (raw.isEmpty()) {
            throw c.fail("legalRegimes", "must list at least one regime: every camera records under one");
        }
        Map<String, LegalRegime> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigFile.Regime> e : raw.entrySet()) {
            String key = "legalRegimes." + e.getKey();
            if (!REGIME_ID.matcher(e.getKey()).matches()) {
                throw c.fail(key, "the id must be 1-63 characters a-z, 0-9 and '-'");
            }
            ConfigFile.Regime r = e.getValue();
            if (r == null || r.description() == null || r.description().isBlank()) {
                throw c.fail(key + ".description", "is required");
            }
            if (r.maxRetentionDays() == null) {
                throw c.fail(key + ".maxRetentionDays", "is required");
            }
            int max = c.range(key + ".maxRetentionDays", r.maxRetentionDays(), 0, 1, 3650);
            out.put(e.getKey(), new LegalRegime(e.getKey(), r.description().strip(), max));
        }
        return Map.copyOf(out);
    }

    private static RecorderConfig.RtspReader rtspReader(Checker c, String raw) {
        if (raw == null) {
            return RecorderConfig.RtspReader.builtin;
        }
        try {
            return RecorderConfig.RtspReader.valueOf(raw.strip());
        } catch (IllegalArgumentException e) {
            throw c.fail("ingest.rtspReader", "must be 'builtin' or 'ffmpeg'");
        }
    }

    private static PassthroughPolicy passthrough(ConfigFile.Passthrough raw, Checker c) {
        if (raw == null) {
            return PassthroughPolicy.TRUST_NONE;
        }
        return new PassthroughPolicy(names(raw.allowVendors(), "passthrough.allowVendors", c),
                names(raw.allowCameras(), "passthrough.allowCameras", c), names(raw.denyVendors(), "passthrough.denyVendors", c));
    }

    private static java.util.Set<String> names(List<String> raw, String key, Checker c) {
        if (raw == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i) == null || raw.get(i).isBlank()) {
                throw c.fail(key + "[" + i + "]", "is empty");
            }
            out.add(raw.get(i).strip());
        }
        return out;
    }

    private List<CameraSpec> cameras(List<CameraSpec> raw, Checker c, String fileName, List<Cidr> networks,
                                     Map<String, LegalRegime> regimes, PassthroughPolicy passthrough) {
        if (raw == null) {
            return List.of();
        }
        CameraValidator validator = new CameraValidator(new RtspUrlPolicy(networks), regimes, passthrough);
        List<CameraSpec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            CameraSpec spec = raw.get(i);
            if (spec == null) {
                throw c.fail("cameras[" + i + "]", "is empty");
            }
            String label = "cameras[" + i + "]" + (spec.id() != null ? " (id '" + spec.id() + "')"
                    : spec.name() != null ? " (name '" + spec.name() + "')" : "");
            String username = substitute(spec.username(), label, "username", c);
            String password = substitute(spec.password(), label, "password", c);
            if (spec.password() != null && !ENV_REF.matcher(spec.password()).matches()) {
                LOG.warning(Kv.msg("literal camera password in configuration file; use password: ${ENV_VAR}")
                        .with("file", fileName).with("camera", label).toString());
            }
            if (urlHasPassword(spec.url())) {
                LOG.warning(Kv.msg("camera url carries credentials in configuration file; use username and "
                        + "password: ${ENV_VAR}").with("file", fileName).with("camera", label).toString());
            }
            CameraSpec resolved = spec.withCredentials(username, password);
            CameraSpec valid;
            try {
                valid = validator.validate(resolved);
            } catch (InvalidCameraException e) {
                throw new ConfigException(fileName + ": " + label + "." + e.field() + ": "
                        + e.getMessage().substring(e.field().length() + 2));
            }
            if (!ids.add(valid.id())) {
                throw new ConfigException(fileName + ": " + label + ": id '" + valid.id()
                        + "' is used by an earlier camera");
            }
            out.add(valid);
        }
        return List.copyOf(out);
    }

    /** {@code ${NAME}} is replaced by that environment variable; anything else is taken literally. */
    private String substitute(String value, String label, String field, Checker c) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REF.matcher(value);
        if (!m.matches()) {
            if (value.contains("${")) {
                throw new ConfigException(c.name + ": " + label + "." + field
                        + ": write an environment reference as the whole value, like ${CAMERA_PASSWORD}");
            }
            return value;
        }
        String resolved = env.apply(m.group(1));
        if (resolved == null || resolved.isEmpty()) {
            throw new ConfigException(c.name + ": " + label + "." + field + ": environment variable "
                    + m.group(1) + " is " + (resolved == null ? "not set" : "empty"));
        }
        return resolved;
    }

    private static boolean urlHasPassword(String url) {
        if (url == null) {
            return false;
        }
        try {
            String userInfo = new URI(url).getRawUserInfo();
            return userInfo != null && userInfo.contains(":");
        } catch (URISyntaxException e) {
            return false; // the validator reports the broken URL
        }
    }

    /** Range checks that name the file and key. */
    private static final class Checker {
        final String name;

        Checker(String name) {
            this.name = name;
        }

        ConfigException fail(String key, String problem) {
            return new ConfigException(name + ": " + key + ": " + problem);
        }

        int range(String key, Integer value, int dflt, int min, int max) {
            if (value == null) {
                return dflt;
            }
            if (value < min || value > max) {
                throw fail(key, "must be between " + min + " and " + max + " (got " + value + ")");
            }
            return value;
        }

        Path path(String key, String value, String dflt) {
            String v = value == null ? dflt : value;
            if (v == null || v.isBlank()) {
                throw fail(key, "must be a path");
            }
            try {
                return Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw fail(key, "is not a valid path: " + e.getReason());
            }
        }
    }
}
