package nl.poortwachter.gateway.audit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting, on a worker thread, for an entry that an action must not go ahead without. */
public final class Durable {
    private Durable() {
    }

    /**
     * Blocks until the entry is committed. Throws what the writer failed with (e.g. {@link AuditUnavailableException},
     * which the API answers with 503), not a wrapper around it, so that callers and error mapping see the cause.
     */
    public static AuditEntry await(CompletableFuture<AuditEntry> write) {
        try {
            return write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
