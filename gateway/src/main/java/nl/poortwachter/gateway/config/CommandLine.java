package nl.poortwachter.gateway.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Command-line flags and the environment overrides that go with them.
 *
 * <pre>
 *   --config PATH     configuration file (default config/gateway.yaml)
 *   --port N          HTTP port; 0 = any free port (also POORTWACHTER_HTTP_PORT or -Dpoortwachter.http.port)
 *   --storage DIR     storage directory (overrides storage.path)
 *   --database FILE   index database (overrides database.path)
 * </pre>
 * Precedence: flag, then system property, then environment, then file, then built-in default.
 *
 * @param configExplicit whether the file was named (then it must exist)
 */
public record CommandLine(Path configFile, boolean configExplicit, Overrides overrides, boolean help) {
    public static final String PORT_ENV = "POORTWACHTER_HTTP_PORT";
    public static final String PORT_PROPERTY = "poortwachter.http.port";
    public static final String USAGE = "usage: gateway [check] [--config PATH] [--port N] [--storage DIR] [--database FILE]";

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
            if (!flag.equals("--config") && !flag.equals("--port") && !flag.equals("--storage")
                    && !flag.equals("--database")) {
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
