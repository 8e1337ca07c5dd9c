package nl.poortwachter.gateway.logging;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import nl.poortwachter.recorder.logging.AsyncLineHandler;
import nl.poortwachter.recorder.logging.StructuredFormatter;
import nl.poortwachter.recorder.logging.StructuredFormatter.SecretMask;

/**
 * Configures the process's log output in code, so that a release needs no logging.properties: every record
 * (ours through {@code recorder.logging.Log}, Vert.x's and Netty's through java.util.logging) goes to one
 * {@link AsyncLineHandler} on stdout, in the text or JSON-lines format, redacted.
 */
public final class LoggingSetup {
    private static volatile AsyncLineHandler handler;
    private static volatile List<SecretMask> masks = List.of();

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

    /**
     * Replaces the root logger's handlers by one queueing redacted lines for {@code out}.
     *
     * @param format       {@code text} or {@code json} (the {@code logging.format} setting)
     * @param secretMasks  secrets of a shape only the gateway knows (login session tokens), masked in every line
     */
    public static void configure(OutputStream out, Level level, String format, List<SecretMask> secretMasks) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        masks = List.copyOf(secretMasks);
        AsyncLineHandler h = new AsyncLineHandler(out, StructuredFormatter.named(format, masks),
                AsyncLineHandler.DEFAULT_CAPACITY);
        root.addHandler(h);
        root.setLevel(level);
        // Netty is chatty at FINE about its internals; nobody running the gateway needs that.
        Logger.getLogger("io.netty").setLevel(Level.INFO);
        handler = h;
    }

    /** Switches the format once the configuration is read (lines before that are text). */
    public static void useFormat(String format) {
        AsyncLineHandler h = handler;
        if (h != null) {
            h.setFormatter(StructuredFormatter.named(format, masks));
        }
    }

    /** Lines lost because the output could not keep up (a metric); 0 when this setup is not in use. */
    public static long droppedLines() {
        AsyncLineHandler h = handler;
        return h == null ? 0 : h.dropped();
    }

    /** Before the process exits on its own: what is queued reaches the output, unless it stays blocked. */
    public static void flush() {
        AsyncLineHandler h = handler;
        if (h != null) {
            h.awaitWritten(Duration.ofSeconds(5));
        }
    }
}
