package nl.poortwachter.recorder;

import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.ingest.IngestStatus;

/**
 * A camera as the outside world may see it: never its password. {@code credentials} is "***" when the
 * camera has credentials, null otherwise; the username is not returned either (it is half a secret).
 */
public record CameraView(
        String id,
        String name,
        String url,
        String credentials,
        String vendor,
        String model,
        String location,
        String purpose,
        String legalRegime,
        int retentionDays,
        boolean recording,
        Transport transport,
        IngestStatus status) {

    public static CameraView of(CameraSpec spec, IngestStatus status) {
        return new CameraView(spec.id(), spec.name(), spec.url(), spec.hasCredentials() ? "***" : null,
                spec.vendor(), spec.model(), spec.location(), spec.purpose(), spec.legalRegime(),
                spec.retentionDays(), spec.recording(), spec.transport(), status);
    }
}
