package nl.poortwachter.gateway;

import java.util.logging.Level;
import java.util.logging.Logger;
import nl.poortwachter.gateway.config.CommandLine;
import nl.poortwachter.gateway.config.ConfigException;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.logging.Kv;
import nl.poortwachter.gateway.logging.LoggingSetup;
import nl.poortwachter.recorder.logging.Redactor;
import nl.poortwachter.gateway.logging.ShutdownFriendlyLogManager;
import nl.poortwachter.recorder.camera.InvalidCameraException;

/**
 * Starts the gateway: {@code java -cp ... nl.poortwachter.gateway.Main [--config PATH] [--port N] ...}.
 * Exit codes: 0 stopped normally, 1 failed to start, 2 configuration error (one line on stderr, no stack trace:
 * the operator needs the file and key, not our call stack).
 */
public final class Main {
    public static final int EXIT_STARTUP_FAILED = 1;
    public static final int EXIT_CONFIG_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        LoggingSetup.installLogManager();
        LoggingSetup.configure(System.out, Level.INFO);
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
        // Vert.x's event-loop threads keep the JVM alive until the shutdown hook closes them.
    }

    static int run(String[] args) {
        Logger log = Logger.getLogger("nl.poortwachter.gateway");
        GatewayConfig config;
        try {
            CommandLine cl = CommandLine.parse(args, System::getenv, System::getProperty);
            if (cl.help()) {
                System.out.println(CommandLine.USAGE);
                return 0;
            }
            config = ConfigLoader.fromEnvironment().load(cl.configFile(), cl.configExplicit(), cl.overrides());
        } catch (ConfigException e) {
            return configError(e.getMessage());
        }

        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            return configError(e.getMessage());
        } catch (InvalidCameraException e) {
            return configError((config.source() == null ? "configuration" : config.source().toString())
                    + ": a configured camera is invalid: " + e.getMessage());
        } catch (Exception e) {
            log.log(Level.SEVERE, Kv.msg("gateway failed to start").toString(), e);
            return EXIT_STARTUP_FAILED;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info(Kv.msg("gateway stopping").toString());
            gateway.close();
            log.info(Kv.msg("gateway stopped").toString());
            ShutdownFriendlyLogManager.resetFinally();
        }, "gateway-shutdown"));

        String url = gateway.baseUrl();
        log.info(Kv.msg("gateway started")
                .with("url", url + "/")
                .with("api", url + "/api/v1")
                .with("listen", config.httpHost() + ":" + gateway.port())
                .with("config", config.source() == null ? "built-in defaults" : config.source())
                .with("storage", config.storageDir())
                .with("database", config.databaseFile())
                .with("cameras", gateway.cameraCount())
                .toString());
        String hint = StartupHint.of(url, gateway.cameraCount(), gateway.awaitingSetup());
        if (hint != null) {
            log.info(Kv.msg(hint).toString());
        }
        return 0;
    }

    private static int configError(String message) {
        // One line: the message may hold a path or key with a newline in it; and never a secret.
        System.err.println("poortwachter: configuration error: "
                + Redactor.redact(message).replace('\n', ' ').replace('\r', ' '));
        return EXIT_CONFIG_ERROR;
    }
}
