package nl.poortwachter.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.poortwachter.recorder.settings.RecorderSettings;
import nl.poortwachter.recorder.settings.Setting;

/**
 * Command-line flags ({@link #FLAGS}) and the environment overrides that go with them. Precedence: flag, then system
 * property, then environment, then file, then built-in default. {@code --help} prints {@link HelpText}.
 *
 * @param configExplicit whether the file was named (then it must exist)
 */
public record CommandLine(Path configFile, boolean configExplicit, Overrides overrides, boolean help) {
    public static final String PORT_ENV = "POORTWACHTER_HTTP_PORT";
    public static final String PORT_PROPERTY = "poortwachter.http.port";

    /**
     * A flag; {@code setting} is the row of the settings table it overrides, if any (its meaning and default are
     * told from there).
     */
    public record Flag(String name, String argument, Setting<?> setting, String text) {
    }

    public static final List<Flag> FLAGS = List.of(
            new Flag("--config", "PATH", null, "the configuration file (default " + ConfigLoader.DEFAULT_PATH
                    + "); a file named here must exist"),
            new Flag("--port", "N", SettingsTable.HTTP_PORT, "0 = any free port (the start line says which). Also "
                    + PORT_ENV + " or -D" + PORT_PROPERTY + "."),
            new Flag("--storage", "DIR", RecorderSettings.STORAGE_PATH, null),
            new Flag("--database", "FILE", RecorderSettings.DATABASE_PATH, null),
            new Flag("--help", null, null, "this text (also -h)"));
    public static final String USAGE = "usage: gateway [check] " + FLAGS.stream()
            .map(f -> "[" + f.name() + (f.argument() == null ? "" : " " + f.argument()) + "]")
            .collect(Collectors.joining(" "));

    public static CommandLine parse(String[] args, Function<String, String> env, Function<String, String> props) {
        Path config = ConfigLoader.DEFAULT_PATH;
        boolean explicit = false;
        Integer port = null;
        Path storage = null;
        Path database = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                return new CommandLine(config, false, Overrides.none(), true);
            }
            String named = flag;
            if (FLAGS.stream().noneMatch(f -> f.name().equals(named) && f.argument() != null)) {
                throw new ConfigException("unknown argument '" + arg + "'; " + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new ConfigException(flag + " needs a value; " + USAGE);
                }
                value = args[++i];
            }
            switch (flag) {
                case "--config" -> {
                    config = path(flag, value);
                    explicit = true;
                }
                case "--port" -> port = port(flag, value);
                case "--storage" -> storage = path(flag, value);
                default -> database = path(flag, value);
            }
        }
        if (port == null && props.apply(PORT_PROPERTY) != null) {
            port = port("-D" + PORT_PROPERTY, props.apply(PORT_PROPERTY));
        }
        if (port == null && env.apply(PORT_ENV) != null && !env.apply(PORT_ENV).isBlank()) {
            port = port(PORT_ENV, env.apply(PORT_ENV));
        }
        return new CommandLine(config, explicit, new Overrides(port, storage, database), false);
    }

    private static Integer port(String source, String value) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": '" + value + "' is not a port number (0-65535)");
        }
    }

    private static Path path(String source, String value) {
        if (value.isBlank()) {
            throw new ConfigException(source + ": needs a path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(source + ": '" + value + "' is not a valid path");
        }
    }
}
