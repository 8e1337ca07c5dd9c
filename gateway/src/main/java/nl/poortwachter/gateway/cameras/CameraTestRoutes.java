package nl.poortwachter.gateway.cameras;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.gateway.json.Mappers;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.NoSuchCameraException;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ConnectionTest;
import nl.poortwachter.recorder.camera.InvalidCameraException;
import nl.poortwachter.recorder.camera.Picture;

/**
 * What an integrator sees of a camera before trusting it: {@code POST /api/v1/cameras/probe} tests a camera that is
 * not saved yet (the same body as adding one; the format, the modes it can be recorded in, and one picture), and
 * {@code GET /api/v1/cameras/{id}/picture} is a still of a configured camera to draw privacy masks on, taken from
 * its live feed (masks already burnt in). Both hand out footage, so both are audited with a processing-log line
 * before anything is answered; a test that the URL policy refuses is audited as a failed probe.
 */
public final class CameraTestRoutes {
    private final Recorder recorder;
    private final Blocking blocking;
    private final Clock clock;
    private final AuditLog audit;
    private final Set<String> regimes;

    /** @param regimes the configured legal regimes: a test's regime names its processing activity only if known */
    public CameraTestRoutes(Recorder recorder, Blocking blocking, Clock clock, AuditLog audit, Set<String> regimes) {
        this.recorder = recorder;
        this.blocking = blocking;
        this.clock = clock;
        this.audit = audit;
        this.regimes = Set.copyOf(regimes);
    }

    public void register(Router router) {
        router.post(CameraRoutes.BASE + "/probe", Access.of(Permission.CAMERA_ADMIN, "camera.probe"), this::test)
                .get(CameraRoutes.BASE + "/{id}/picture", Access.of(Permission.CAMERA_ADMIN, "camera.picture")
                        .camera("id"), this::picture);
    }

    /** {@code ?picture=false} leaves the picture out (a quicker answer; the probe alone decodes nothing). */
    private Future<Reply> test(Exchange ex) {
        boolean wantPicture = !"false".equals(ex.query("picture"));
        long start = clock.millis();
        AuditContext ctx = ex.auditContext();
        return ex.readJson(CameraSpec.class).compose(spec -> {
            String id = spec.id();
            String regime = spec.legalRegime() != null && regimes.contains(spec.legalRegime()) ? spec.legalRegime() : null;
            return blocking.call(() -> {
                ConnectionTest t;
                try {
                    t = recorder.testConnection(spec, wantPicture);
                } catch (InvalidCameraException e) {
                    Durable.await(audit.cameraProbed(ctx, id, regime, start, false,
                            "error=invalid_field:" + e.field()));
                    throw e;
                }
                String detail = "url=" + t.url() + (t.probe().ok() ? " codec=" + t.probe().codec()
                        : " problem=" + t.probe().problem()) + (t.picture() == null ? "" : " picture=yes");
                Durable.await(audit.cameraProbed(ctx, id, regime, start, t.probe().ok(), detail));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("probe", t.probe());
                body.put("picture", t.picture() == null ? null : pictureJson(t.picture()));
                return Reply.ok(body);
            });
        });
    }

    private static Map<String, Object> pictureJson(Picture p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contentType", "image/jpeg");
        m.put("width", p.width());
        m.put("height", p.height());
        m.put("data", Base64.getEncoder().encodeToString(p.jpeg()));
        return m;
    }

    private static ApiException notStreaming(CameraView camera) {
        return new ApiException(409, "not_streaming", null, "camera '" + camera.id()
                + "' sends no video now; a picture needs a streaming camera");
    }

    /**
     * 409 {@code not_streaming} at once when the camera is not streaming, or when no keyframe came within the probe
     * timeout.
     */
    private Future<Reply> picture(Exchange ex) {
        String id = CameraPath.id(ex);
        long start = clock.millis();
        AuditContext ctx = ex.auditContext();
        return blocking.call(() -> {
            CameraView camera = recorder.camera(id).orElseThrow(() -> new NoSuchCameraException(id));
            // Falling behind ("degraded") still delivers pictures. The state as the API shows it: ingest is internal.
            String state = Mappers.JSON_OUT.valueToTree(camera.status()).path("state").asText();
            if (!Set.of("streaming", "degraded").contains(state)) {
                throw notStreaming(camera);
            }
            Picture p = recorder.picture(id).orElseThrow(() -> notStreaming(camera));
            Durable.await(audit.cameraPicture(ctx, id, camera.legalRegime(), start));
            return Reply.of(200, "image/jpeg", Buffer.buffer(p.jpeg())).withHeader("Cache-Control", "no-store");
        });
    }
}
