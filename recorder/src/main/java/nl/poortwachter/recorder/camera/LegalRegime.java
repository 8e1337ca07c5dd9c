package nl.poortwachter.recorder.camera;

/**
 * The legal basis a camera records under (e.g. {@code gemeentewet-151c} for public-order cameras,
 * {@code avg-building-security}); it caps the retention period.
 */
public record LegalRegime(String id, String description, int maxRetentionDays) {
}
