package nl.poortwachter.recorder.camera;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A camera as an integrator describes it. The RTSP URL never carries credentials: they live in
 * {@link #username}/{@link #password}, are stored apart from the URL and never leave the gateway.
 * Boxed fields may be null in input; {@link CameraValidator} fills defaults and checks everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CameraSpec(
        String id,
        String name,
        String url,
        String username,
        String password,
        String vendor,
        String model,
        String location,
        String purpose,
        String legalRegime,
        Integer retentionDays,
        Boolean recording,
        Transport transport,
        PipelineMode mode,
        TranscodeSettings transcode,
        java.util.List<PrivacyMask> masks,
        PolicyOverride policyOverride,
        SubStream subStream) {

    /** A camera without a sub-stream (D89). */
    public CameraSpec(String id, String name, String url, String username, String password, String vendor, String model,
                      String location, String purpose, String legalRegime, Integer retentionDays, Boolean recording,
                      Transport transport, PipelineMode mode, TranscodeSettings transcode,
                      java.util.List<PrivacyMask> masks, PolicyOverride policyOverride) {
        this(id, name, url, username, password, vendor, model, location, purpose, legalRegime, retentionDays, recording,
                transport, mode, transcode, masks, policyOverride, null);
    }

    /** A camera with the default pipeline: transcode, no masks. */
    public CameraSpec(String id, String name, String url, String username, String password, String vendor, String model,
                      String location, String purpose, String legalRegime, Integer retentionDays, Boolean recording,
                      Transport transport) {
        this(id, name, url, username, password, vendor, model, location, purpose, legalRegime, retentionDays, recording,
                transport, null, null, null, null);
    }

    public static final int DEFAULT_RETENTION_DAYS = 28;

    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    /** The same camera without secrets, safe to log or return. */
    public CameraSpec withoutSecrets() {
        return new CameraSpec(id, name, url, username, null, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride,
                subStream == null ? null : new SubStream(subStream.url(), subStream.username(), null));
    }

    public CameraSpec withId(String newId) {
        return new CameraSpec(newId, name, url, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride, subStream);
    }

    public CameraSpec withCredentials(String user, String pass) {
        return new CameraSpec(id, name, url, user, pass, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride, subStream);
    }

    public CameraSpec withLegalRegime(String regime) {
        return new CameraSpec(id, name, url, username, password, vendor, model, location, purpose, regime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride, subStream);
    }

    public CameraSpec withUrl(String newUrl) {
        return new CameraSpec(id, name, newUrl, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride, subStream);
    }

    public CameraSpec withPipeline(PipelineMode newMode, TranscodeSettings newTranscode, java.util.List<PrivacyMask> newMasks,
                                   PolicyOverride newOverride) {
        return new CameraSpec(id, name, url, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, newMode, newTranscode, newMasks, newOverride, subStream);
    }

    public CameraSpec withSubStream(SubStream sub) {
        return new CameraSpec(id, name, url, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride, sub);
    }

    /**
     * The camera as its sub-stream's live-only session connects to it: the sub-stream's URL and credentials, the
     * camera's id, transport, mode and masks (D89). Only for a camera that has a sub-stream.
     */
    public CameraSpec asSubStream() {
        return new CameraSpec(id, name, subStream.url(), subStream.username(), subStream.password(), vendor, model,
                location, purpose, legalRegime, retentionDays, recording, transport, mode, transcode, masks,
                policyOverride, null);
    }

    @Override
    public String toString() {
        return "CameraSpec[id=" + id + ", name=" + name + ", url=" + url + ", credentials="
                + (hasCredentials() ? "***" : "none") + ", vendor=" + vendor + ", transport=" + transport + ", mode=" + mode
                + ", masks=" + (masks == null ? 0 : masks.size()) + ", subStream=" + subStream + "]";
    }
}
