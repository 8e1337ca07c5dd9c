package nl.poortwachter.recorder.retention;

import java.util.List;
import java.util.Optional;

/** The legal holds in the index (schema: docs/index-schema.md). Holds are never deleted, only released. */
public interface HoldStore {

    /** The id the next hold gets: reserved by {@link Holds}, one change at a time, before it is approved. */
    long nextHoldId();

    /** Stores the hold under its own id (from {@link #nextHoldId}); returns it as stored. */
    LegalHold insertHold(LegalHold hold);

    Optional<LegalHold> hold(long id);

    /** @param cameraId null for all cameras */
    List<LegalHold> holds(String cameraId, boolean activeOnly, long nowMillis);

    /** False when there is no such hold or it was released already. */
    boolean releaseHold(long id, String releasedBy, String reason, long releasedMillis);
}
