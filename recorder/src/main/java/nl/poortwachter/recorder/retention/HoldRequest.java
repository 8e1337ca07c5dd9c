package nl.poortwachter.recorder.retention;

import java.time.Instant;

/** What someone asks to hold; checked by {@link Holds} before anything is stored. */
public record HoldRequest(String cameraId, Instant from, Instant to, String reason, String requester,
                          String caseNumber, Instant expiresAt) {
}
