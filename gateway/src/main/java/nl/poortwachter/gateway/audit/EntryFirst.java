package nl.poortwachter.gateway.audit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A change whose audit entry is written before it is made: for changes that cannot be cleanly undone once made
 * (a removed user, revoked sessions, a replaced password hash), so they are made only once their entry is durable
 * and never while the log cannot write. Should the change itself then fail, a second entry says so, so that the
 * log does not claim a change that was not made. Runs on a worker thread: it waits for the commits.
 */
public final class EntryFirst {
    private EntryFirst() {
    }

    /**
     * @param entry  the change's entry, already queued; the change is not made unless it is durable
     * @param change the change
     * @param failed the second entry, written only when the change failed after its entry
     * @return what {@code change} returned
     * @throws AuditUnavailableException when the entry could not be written: nothing was changed
     */
    public static <T> T run(CompletableFuture<AuditEntry> entry, Callable<T> change,
                            Supplier<CompletableFuture<AuditEntry>> failed) throws Exception {
        Durable.await(entry);
        try {
            return change.call();
        } catch (Exception e) {
            try {
                Durable.await(failed.get());
            } catch (RuntimeException notWritten) {
                e.addSuppressed(notWritten); // the change's own failure is what the caller must see
            }
            throw e;
        }
    }
}
