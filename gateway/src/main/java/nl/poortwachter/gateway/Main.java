package nl.poortwachter.gateway;

import java.util.List;
import java.util.logging.Level;
import nl.poortwachter.gateway.check.CheckCommand;
import nl.poortwachter.gateway.check.RotateCredentialKey;
import nl.poortwachter.gateway.check.StorageCheck;
import nl.poortwachter.gateway.check.StorageRefusal;
import nl.poortwachter.gateway.auth.Sessions;
import nl.poortwachter.gateway.config.CommandLine;
import nl.poortwachter.gateway.config.ConfigException;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.HelpText;
import nl.poortwachter.gateway.logging.LoggingSetup;
import nl.poortwachter.gateway.reset.ResetAdminPassword;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.logging.Redactor;
import nl.poortwachter.gateway.logging.ShutdownFriendlyLogManager;
import nl.poortwachter.recorder.camera.InvalidCameraException;

/**
 * Starts the gateway: {@code java -cp ... nl.poortwachter.gateway.Main [--config PATH] [--port N] ...}, or checks
 * its storage offline: {@code ... Main check [--config PATH] ...} ({@link StorageCheck}), resets a lost
 * administrator password while the gateway is stopped: {@code ... Main reset-admin-password [NAME]}
 * ({@link ResetAdminPassword}), or seals every stored camera password with a new key:
 * {@code ... Main rotate-credential-key ...} ({@link RotateCredentialKey}); {@code --help} lists every flag,
 * environment variable and setting.
 * Exit codes: 0 stopped normally (check: all is well), 1 failed to start (check: problems found, one line each),
 * 2 configuration error (one line on stderr, no stack trace: the operator needs the file and key, not our call
 * stack). A storage folder in use by another gateway, or a database of another storage folder, is one line too.
 */
public final class Main {
    public static final int EXIT_STARTUP_FAILED = 1;
    public static final int EXIT_CONFIG_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        LoggingSetup.installLogManager();
        LoggingSetup.configure(System.out, Level.INFO, "text", List.of(Sessions.LOG_MASK));
        int code = run(args);
        if (code != 0) {
            LoggingSetup.flush();
            System.exit(code);
        }
        // Vert.x's event-loop threads keep the JVM alive until the shutdown hook closes them.
    }

    static int run(String[] args) {
        Log log = Log.of(Main.class);
        boolean check = CheckCommand.named(args);
        boolean reset = ResetAdminPassword.named(args);
        boolean rotate = CheckCommand.named(args, RotateCredentialKey.WORD);
        ResetAdminPassword.Arguments withoutReset = ResetAdminPassword.split(args);
        GatewayConfig config;
        try {
            CommandLine cl = CommandLine.parse(CheckCommand.without(CheckCommand.without(withoutReset.rest()),
                    RotateCredentialKey.WORD), System::getenv, System::getProperty);
            if (cl.help()) {
                System.out.print(HelpText.render());
                return 0;
            }
            config = ConfigLoader.fromEnvironment().load(cl.configFile(), cl.configExplicit(), cl.overrides());
            LoggingSetup.useFormat(config.logFormat());
        } catch (ConfigException e) {
            return configError(e.getMessage());
        }
        if (check) {
            return CheckCommand.run(config, System.out);
        }
        if (reset) {
            return ResetAdminPassword.run(config, withoutReset.username(), System.out, System.err);
        }
        if (rotate) {
            return RotateCredentialKey.run(config, System.out);
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
            RuntimeException refusal = StorageRefusal.of(e);
            if (refusal != null) {
                System.err.println("poortwachter: " + refusal.getMessage().replace('\n', ' '));
                return EXIT_STARTUP_FAILED;
            }
            log.error("gateway failed to start", e);
            return EXIT_STARTUP_FAILED;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("gateway stopping");
            gateway.close();
            log.info("gateway stopped");
            ShutdownFriendlyLogManager.resetFinally();
        }, "gateway-shutdown"));

        String url = gateway.baseUrl();
        int cameras = gateway.cameraCount();
        log.info("gateway started", "url", url + "/", "api", url + "/api/v1",
                "listen", config.httpHost() + ":" + gateway.port(),
                "config", config.source() == null ? "built-in defaults" : config.source(),
                "storage", config.storageDir(), "database", config.databaseFile(), "cameras", cameras);
        String hint = StartupHint.of(url, cameras, gateway.awaitingSetup());
        if (hint != null) {
            log.info(hint);
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
