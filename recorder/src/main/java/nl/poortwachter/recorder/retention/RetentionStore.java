package nl.poortwachter.recorder.retention;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The index tables of deletion: purge records (proof of deletion), claimed segments, the retention every camera
 * last had (schema: docs/index-schema.md). Implemented next to the segment index so that every write goes through
 * the index's one writer thread, in order with recording's writes.
 */
public interface RetentionStore {

    // ---- what to delete ----

    /** Camera ids that have segment rows, including cameras no longer configured. */
    List<String> camerasWithFootage();

    /**
     * Complete segments of the camera ending at or before {@code cutoffMillis}, not claimed by a purge and not
     * overlapping a hold active at {@code nowMillis}; oldest first.
     */
    List<DeletableSegment> deletable(String cameraId, long cutoffMillis, long nowMillis, int limit);

    /** Start of the camera's oldest deletable segment (see {@link #deletable}, no cutoff). */
    OptionalLong oldestDeletableStart(String cameraId, long nowMillis);

    // ---- deleting: claim (mark), then the files go, then drop ----

    /** What a claim marked; {@code purgeId} is 0 when nothing was claimed and no purge record was made. */
    record Claim(long purgeId, List<DeletableSegment> claimed) {
    }

    /**
     * One transaction: creates the purge record (when {@code purgeId} is 0) or adds to it, and marks the
     * candidates as claimed by it, except those a hold active at {@code nowMillis} now covers. Nothing is deleted.
     */
    Claim claim(long purgeId, PurgeRecord start, List<DeletableSegment> candidates, long nowMillis);

    /** A file that could not be deleted: its row goes back to normal and the purge record no longer counts it. */
    void unclaim(long purgeId, DeletableSegment segment);

    /** One transaction: removes every segment row claimed by the purge (their files are gone). */
    void dropClaimed(long purgeId);

    /** Marks the purge finished. */
    PurgeRecord finishPurge(long purgeId, long finishedMillis, String state);

    /** Purge records without a finish time (a crash came between their last step and the finish). */
    List<Long> unfinishedPurges();

    /** Rows a crash left claimed: their purge did not finish. */
    List<ClaimedSegment> claimedSegments();

    List<PurgeRecord> purges(String cameraId, long fromMillis, long toMillis, int limit);

    Optional<PurgeRecord> purge(long id);

    // ---- audit entries owed: the deletion does not wait for the audit log ----

    /** Finished purges whose audit entry is not yet durable, oldest first. */
    List<PurgeRecord> unauditedPurges(int limit);

    /**
     * Notes that the purge's audit entry is durable. True only for the call that set the mark: false when the
     * purge is unknown, unfinished or marked already, so that of two callers racing only one counts.
     */
    boolean markPurgeAudited(long purgeId, long auditedMillis);

    // ---- retention memory ----

    void rememberRetention(List<RememberedRetention> cameras, long nowMillis);

    Map<String, RememberedRetention> rememberedRetention();
}
