package nl.poortwachter.recorder.retention;

/**
 * The last retention a camera had while it was configured. Footage of a removed camera is kept for this long,
 * not forever and not shorter than promised.
 */
public record RememberedRetention(String cameraId, int retentionDays, String legalRegime) {
}
