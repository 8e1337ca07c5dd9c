package nl.poortwachter.gateway.logging;

import java.util.logging.LogManager;

/**
 * JUL's own shutdown hook resets logging, racing our hook that stops the HTTP server and the recorder: without
 * this, "recorder stopped" and any error while flushing segments would be lost. The reset from JUL's hook is
 * ignored; {@link #resetFinally()} is called by our hook once everything is closed.
 */
public final class ShutdownFriendlyLogManager extends LogManager {
    private static volatile ShutdownFriendlyLogManager instance;

    public ShutdownFriendlyLogManager() {
        instance = this;
    }

    @Override
    public void reset() {
        // LogManager's shutdown hook is a Thread subclass named LogManager$Cleaner; only its reset is deferred.
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
            return;
        }
        super.reset();
    }

    /** Flushes and closes all handlers; call last in the shutdown sequence. Harmless if JUL uses another manager. */
    public static void resetFinally() {
        ShutdownFriendlyLogManager m = instance;
        if (m != null) {
            m.doReset();
        }
    }

    private void doReset() {
        super.reset();
    }
}
