package nl.poortwachter.recorder.camera;

/**
 * A camera tried before it is saved: what the probe found and, when asked for and the video decoded, one picture.
 *
 * @param url     the URL that was tried, without credentials
 * @param picture null when none was asked for, the connection failed, or no picture decoded in time
 */
public record ConnectionTest(String url, ProbeResult probe, Picture picture) {
}
