package nl.poortwachter.recorder;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
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
        PipelineMode mode,
        TranscodeSettings transcode,
        List<PrivacyMask> masks,
        PolicyOverride policyOverride,
        SubStreamView subStream,
        IngestStatus status) {

    /**
     * The camera's sub-stream (D89) as the main stream is shown: its URL (never with credentials) and "***" when it
     * has credentials; null when the camera has none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubStreamView(String url, String credentials) {
    }

    public static CameraView of(CameraSpec spec, IngestStatus status) {
        return new CameraView(spec.id(), spec.name(), spec.url(), spec.hasCredentials() ? "***" : null,
                spec.vendor(), spec.model(), spec.location(), spec.purpose(), spec.legalRegime(),
                spec.retentionDays(), spec.recording(), spec.transport(), spec.mode(), spec.transcode(),
                spec.masks() == null ? List.of() : spec.masks(), spec.policyOverride(),
                spec.subStream() == null ? null : new SubStreamView(spec.subStream().url(),
                        spec.subStream().hasCredentials() ? "***" : null), status);
    }
}
