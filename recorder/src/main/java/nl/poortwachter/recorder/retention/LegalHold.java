package nl.poortwachter.recorder.retention;

import java.time.Instant;

/**
 * An exemption from deletion: footage of {@code cameraId} overlapping [{@code from}, {@code to}) is not deleted
 * by retention or by the storage reserve while the hold is active (not released, not expired).
 *
 * @param releasedAt null while not released
 */
public record LegalHold(long id, String cameraId, Instant from, Instant to, String reason, String requester,
                        String caseNumber, Instant createdAt, Instant expiresAt, Instant releasedAt,
                        String releasedBy, String releaseReason) {

    public boolean activeAt(Instant now) {
        return releasedAt == null && expiresAt.isAfter(now);
    }

    /** This hold as it is once released: what a release is approved as before it is stored. */
    public LegalHold released(Instant at, String by, String reason) {
        return new LegalHold(id, cameraId, from, to, this.reason, requester, caseNumber, createdAt, expiresAt, at, by,
                reason);
    }
}
