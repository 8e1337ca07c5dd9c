package nl.poortwachter.recorder.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import nl.poortwachter.recorder.logging.Log;

/** Creates, lists and releases legal holds; every change is logged and reported to the listener (audit). */
public final class Holds {
    private static final Log LOG = Log.of(Holds.class);
    /** A hold is a decision with an end: at most ten years, renewable by a new hold. */
    static final Duration MAX_HOLD = Duration.ofDays(3653);

    private final RetentionStore store;
    private final Supplier<RetentionListener> listener;
    private final Clock clock;

    public Holds(RetentionStore store, Supplier<RetentionListener> listener, Clock clock) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
    }

    /** @throws ArchiveRequestException naming the bad field; nothing is stored then */
    public LegalHold create(HoldRequest r) {
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
        LegalHold hold = store.insertHold(new HoldRequest(r.cameraId(), r.from(), r.to(), reason, requester, caseNumber,
                r.expiresAt()), now.toEpochMilli());
        LOG.info("hold.created", "hold", hold.id(), "camera", hold.cameraId(), "from", hold.from(), "to", hold.to(),
                "expires", hold.expiresAt());
        notify(l -> l.holdCreated(hold));
        return hold;
    }

    /** Empty when there is no such hold; a hold released before stays as it was. */
    public Optional<LegalHold> release(long id, String releasedBy, String reason) {
        String by = RequestChecks.text("releasedBy", releasedBy, 200, true);
        String why = RequestChecks.text("reason", reason, 500, true);
        Optional<LegalHold> existing = store.hold(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (!store.releaseHold(id, by, why, clock.millis())) {
            return existing;
        }
        LegalHold released = store.hold(id).orElseThrow();
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

    private void notify(java.util.function.Consumer<RetentionListener> event) {
        try {
            event.accept(listener.get());
        } catch (RuntimeException e) {
            LOG.error("hold.listener.failed", e);
        }
    }
}
