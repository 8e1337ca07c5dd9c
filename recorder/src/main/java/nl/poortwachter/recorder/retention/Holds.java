package nl.poortwachter.recorder.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import nl.poortwachter.recorder.logging.Log;

/**
 * Creates, lists and releases legal holds; every change is logged and reported to the listener. A caller that must
 * record a change before it takes effect (the gateway's audit log) passes an approval, asked once the change is
 * checked and before it is stored.
 */
public final class Holds {
    private static final Log LOG = Log.of(Holds.class);
    /** A hold is a decision with an end: at most ten years, renewable by a new hold. */
    static final Duration MAX_HOLD = Duration.ofDays(3653);

    private final HoldStore store;
    private final Supplier<RetentionListener> listener;
    private final Clock clock;
    /**
     * One hold change at a time, its approval included: a reserved id is not taken by another create, a release
     * not approved twice. Holds change rarely, so waiting here for another change's audit commit costs little.
     */
    private final Object changes = new Object();

    public Holds(HoldStore store, Supplier<RetentionListener> listener, Clock clock) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
    }

    /** @throws ArchiveRequestException naming the bad field; nothing is stored then */
    public LegalHold create(HoldRequest r) {
        return create(r, pending -> {
        });
    }

    /**
     * As {@link #create(HoldRequest)}; {@code approval} hears of the checked hold, with the id it will have, before
     * it is stored, e.g. to write the audit entry that must exist first. Throwing refuses it: nothing is stored.
     */
    public LegalHold create(HoldRequest r, Consumer<LegalHold> approval) {
        Instant now = clock.instant();
        RequestChecks.cameraId(r.cameraId());
        RequestChecks.range(r.from(), r.to());
        String reason = RequestChecks.text("reason", r.reason(), 500, true);
        String requester = RequestChecks.text("requester", r.requester(), 200, true);
        String caseNumber = RequestChecks.text("caseNumber", r.caseNumber(), 100, false);
        if (r.expiresAt() == null) {
            throw new ArchiveRequestException("expiresAt", "is required: a hold ends on a set date (it can be renewed)");
        }
        if (!r.expiresAt().isAfter(now)) {
            throw new ArchiveRequestException("expiresAt", "must be in the future");
        }
        if (r.expiresAt().isAfter(now.plus(MAX_HOLD))) {
            throw new ArchiveRequestException("expiresAt", "must be within " + MAX_HOLD.toDays() + " days");
        }
        LegalHold hold;
        synchronized (changes) {
            // Approved as it will be stored (to the millisecond), under the id no other hold can take meanwhile.
            LegalHold pending = new LegalHold(store.nextHoldId(), r.cameraId(), millis(r.from()), millis(r.to()),
                    reason, requester, caseNumber, millis(now), millis(r.expiresAt()), null, null, null);
            approval.accept(pending);
            hold = store.insertHold(pending);
        }
        LOG.info("hold.created", "hold", hold.id(), "camera", hold.cameraId(), "from", hold.from(), "to", hold.to(),
                "expires", hold.expiresAt());
        notify(l -> l.holdCreated(hold));
        return hold;
    }

    /** Empty when there is no such hold; a hold released before stays as it was. */
    public Optional<LegalHold> release(long id, String releasedBy, String reason) {
        return release(id, releasedBy, reason, released -> {
        });
    }

    /**
     * As {@link #release(long, String, String)}; {@code approval} hears of the hold as it will be once released,
     * before the release is stored. Throwing refuses it: the hold stays active. Not asked when there is nothing to
     * release (no such hold, or released before).
     */
    public Optional<LegalHold> release(long id, String releasedBy, String reason, Consumer<LegalHold> approval) {
        String by = RequestChecks.text("releasedBy", releasedBy, 200, true);
        String why = RequestChecks.text("reason", reason, 500, true);
        LegalHold released;
        synchronized (changes) {
            Optional<LegalHold> existing = store.hold(id);
            if (existing.isEmpty() || existing.get().releasedAt() != null) {
                return existing;
            }
            long at = clock.millis();
            approval.accept(existing.get().released(Instant.ofEpochMilli(at), by, why));
            // The lock keeps other releases out; only a writer outside this class could have released it since.
            if (!store.releaseHold(id, by, why, at)) {
                throw new IllegalStateException("hold " + id + " was released by another writer meanwhile");
            }
            released = store.hold(id).orElseThrow();
        }
        LOG.info("hold.released", "hold", id, "camera", released.cameraId());
        notify(l -> l.holdReleased(released));
        return Optional.of(released);
    }

    public Optional<LegalHold> hold(long id) {
        return store.hold(id);
    }

    public List<LegalHold> list(String cameraId, boolean activeOnly) {
        return store.holds(cameraId, activeOnly, clock.millis());
    }

    /** An instant as the store keeps it: to the millisecond. */
    private static Instant millis(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli());
    }

    private void notify(Consumer<RetentionListener> event) {
        try {
            event.accept(listener.get());
        } catch (RuntimeException e) {
            LOG.error("hold.listener.failed", e);
        }
    }
}
