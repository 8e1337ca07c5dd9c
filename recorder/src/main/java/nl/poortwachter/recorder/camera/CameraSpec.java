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
        PolicyOverride policyOverride) {

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
                retentionDays, recording, transport, mode, transcode, masks, policyOverride);
    }

    public CameraSpec withId(String newId) {
        return new CameraSpec(newId, name, url, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride);
    }

    public CameraSpec withCredentials(String user, String pass) {
        return new CameraSpec(id, name, url, user, pass, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride);
    }

    public CameraSpec withLegalRegime(String regime) {
        return new CameraSpec(id, name, url, username, password, vendor, model, location, purpose, regime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride);
    }

    public CameraSpec withUrl(String newUrl) {
        return new CameraSpec(id, name, newUrl, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, mode, transcode, masks, policyOverride);
    }

    public CameraSpec withPipeline(PipelineMode newMode, TranscodeSettings newTranscode, java.util.List<PrivacyMask> newMasks,
                                   PolicyOverride newOverride) {
        return new CameraSpec(id, name, url, username, password, vendor, model, location, purpose, legalRegime,
                retentionDays, recording, transport, newMode, newTranscode, newMasks, newOverride);
    }

    @Override
    public String toString() {
        return "CameraSpec[id=" + id + ", name=" + name + ", url=" + url + ", credentials="
                + (hasCredentials() ? "***" : "none") + ", vendor=" + vendor + ", transport=" + transport + ", mode=" + mode
                + ", masks=" + (masks == null ? 0 : masks.size()) + "]";
    }
}
