package nl.poortwachter.recorder.register;

import java.time.Instant;

/**
 * A register entry with what the gateway knows of its camera right now, joined in when asked, never stored with
 * the entry.
 *
 * @param id       the entry's number (the API's name for it)
 * @param cameraId the connected camera, or null
 * @param mode     {@code sanitized} (transcoded: nothing the camera encoded reaches a viewer) or {@code passthrough};
 *                 null when not connected
 * @param state    {@value #TO_CONNECT} for an entry without a camera, else the camera's ingest state
 *                 ({@code streaming}, {@code connecting}, {@code backoff}, {@code stopped}, {@code failed})
 * @param lastSeen when the camera was last seen: now while it streams, else the end of its newest footage; null if
 *                 never
 */
public record RegisterView(long id, RegisterEntry entry, String cameraId, String mode, String state, Instant lastSeen) {
    public static final String TO_CONNECT = "to_connect";
    public static final String SANITIZED = "sanitized";
    public static final String PASSTHROUGH = "passthrough";
}
