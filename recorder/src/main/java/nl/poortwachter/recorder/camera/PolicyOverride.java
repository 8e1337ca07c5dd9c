package nl.poortwachter.recorder.camera;

/**
 * An administrator's decision to run a camera in passthrough although the vendor policy does not trust it.
 * Kept with the camera (and reported to the audit log) so that the exception is visible and explained.
 */
public record PolicyOverride(String reason, String by, String at) {
}
