package nl.poortwachter.gateway.audit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A change whose audit entry is written before it is made: for changes that cannot be cleanly undone once made
 * (a removed user, revoked login sessions, a replaced password hash, a released hold), so they are made only once their
 * entry is durable and never while the log cannot write. Should the change itself then fail, a second entry says
 * so, so that the log does not claim a change that was not made. Runs on a worker thread: it waits for the commits.
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
            throw recordedAsFailed(e, failed);
        }
    }

    /**
     * As {@link #run}, for a change the recorder checks itself and then offers for approval before storing it
     * (e.g. a legal hold, which has its id only then): the entry, made from what is offered, is written and
     * durable in the approval. A change that is not offered (nothing to change) is made without an entry.
     *
     * @param change the change, given the approval to pass to the recorder
     * @param entry  the entry of the change as offered
     * @param failed the second entry, written only when the change failed after it was approved
     * @throws AuditUnavailableException when the entry could not be written: the recorder stored nothing
     */
    public static <O, T> T approved(Function<Consumer<O>, T> change, Function<O, CompletableFuture<AuditEntry>> entry,
                                    Function<O, CompletableFuture<AuditEntry>> failed) {
        AtomicReference<O> approved = new AtomicReference<>();
        try {
            return change.apply(offered -> {
                Durable.await(entry.apply(offered));
                approved.set(offered);
            });
        } catch (RuntimeException e) {
            if (approved.get() == null) {
                throw e; // refused or failed before its entry: there is nothing in the log to correct
            }
            throw recordedAsFailed(e, () -> failed.apply(approved.get()));
        }
    }

    /** Writes the second entry of a change that failed after its entry; returns the change's failure to throw. */
    private static <E extends Exception> E recordedAsFailed(E e, Supplier<CompletableFuture<AuditEntry>> failed) {
        try {
            Durable.await(failed.get());
        } catch (RuntimeException notWritten) {
            e.addSuppressed(notWritten); // the change's own failure is what the caller must see
        }
        return e;
    }
}
