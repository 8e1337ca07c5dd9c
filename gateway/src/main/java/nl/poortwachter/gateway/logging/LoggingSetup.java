package nl.poortwachter.gateway.logging;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Configures java.util.logging in code, so that a release needs no logging.properties to get one-line,
 * redacted output. Vert.x and Netty log through JUL when no other backend is on the class path, so their
 * lines go through the same formatter and redactor.
 */
public final class LoggingSetup {
    private LoggingSetup() {
    }

    /**
     * Must run before anything touches a logger: it asks JUL for {@link ShutdownFriendlyLogManager}, which
     * only works if the LogManager has not been created yet.
     */
    public static void installLogManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownFriendlyLogManager.class.getName());
        }
        // Explicit rather than relying on Vert.x's discovery: an SLF4J jar arriving transitively must not reroute logs.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    }

    /** Replaces the root logger's handlers by one writing redacted single lines to {@code out}. */
    public static void configure(PrintStream out, Level level) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StdoutHandler(out);
        handler.setFormatter(new LineFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(level);
        // Netty is chatty at FINE about its internals; nobody running the gateway needs that.
        Logger.getLogger("io.netty").setLevel(Level.INFO);
    }
}
