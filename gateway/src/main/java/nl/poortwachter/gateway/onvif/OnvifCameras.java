package nl.poortwachter.gateway.onvif;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.register.RegisterChanges;
import nl.poortwachter.gateway.register.RegisterJson;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.NoSuchRegisterEntryException;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.onvif.DeviceInformation;
import nl.poortwachter.recorder.onvif.DeviceReport;
import nl.poortwachter.recorder.onvif.MediaProfile;
import nl.poortwachter.recorder.register.DeviceFill;
import nl.poortwachter.recorder.register.RegisterField;
import nl.poortwachter.recorder.register.RegisterView;

/**
 * A discovered device added as a camera in one step: its stream (the chosen profile's, which passed the URL policy)
 * with the ONVIF credentials (cameras share them between ONVIF and RTSP), vendor and model from the device, the rest
 * from the request; as a new register entry or connecting one "to connect". Then the register gets what the device
 * says of itself (firmware, serial number), as an ordinary audited register change.
 */
public final class OnvifCameras {
    private final Recorder recorder;
    private final RegisterChanges changes;

    public OnvifCameras(Recorder recorder, RegisterChanges changes) {
        this.recorder = recorder;
        this.changes = changes;
    }

    /**
     * @param profileToken  the profile to record; left out: the one with the largest picture
     * @param registerEntry an entry "to connect" that this camera is; its location, purpose, legal basis and retention
     *                      fill what the request leaves out
     */
    public record AddRequest(String deviceService, String username, String password, String profileToken, String id,
                             String name, String location, String purpose, String legalRegime, Integer retentionDays,
                             PipelineMode mode, Boolean recording, Long registerEntry) {
    }

    /** What must be said before anyone is asked: where the camera hangs (unless its register entry says so). */
    static void check(AddRequest r) {
        if (r.registerEntry() == null && (r.location() == null || r.location().isBlank())) {
            throw ApiException.badRequest("invalid_field", "location", "'location' is required: where does the camera"
                    + " hang? (or name the register entry it is, 'registerEntry')");
        }
    }

    Map<String, Object> add(AuditContext ctx, AddRequest r, DeviceReport report, MediaProfile profile,
                            ChangeApproval approval) throws Exception {
        DeviceInformation info = report.information();
        String name = r.name() != null ? r.name() : r.location();
        CameraSpec spec = new CameraSpec(r.id(), name, profile.streamUri(), r.username(), r.password(),
                info.manufacturer(), info.model(), r.location(), r.purpose(), r.legalRegime(), r.retentionDays(),
                r.recording(), null, r.mode(), null, null, null);
        String cameraId;
        if (r.registerEntry() != null) {
            RegisterView entry = recorder.register().get(r.registerEntry())
                    .orElseThrow(() -> new NoSuchRegisterEntryException(r.registerEntry()));
            cameraId = changes.connect(ctx, entry, spec, "onvif").cameraId();
        } else {
            cameraId = recorder.addCamera(spec, approval).id();
        }
        RegisterView entry = recorder.register().ofCamera(cameraId).orElseThrow();
        // The device's own words for vendor, model, firmware and serial; the stream stays the camera's.
        var filled = DeviceFill.fill(entry.entry(), report).toBuilder().set(RegisterField.RTSP_URL, null).build();
        changes.edit(ctx, recorder.register().planEdit(entry.id(), filled), "camera=" + cameraId + " via=onvif");
        CameraView camera = recorder.camera(cameraId).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("camera", camera);
        out.put("entry", RegisterJson.view(recorder.register().ofCamera(cameraId).orElseThrow()));
        out.put("profile", profile.token());
        out.put("clock", OnvifJson.clock(report.clock()));
        return out;
    }
}
