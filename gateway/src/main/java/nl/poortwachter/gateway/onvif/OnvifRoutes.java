package nl.poortwachter.gateway.onvif;

import io.vertx.core.Future;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.gateway.audit.AuditContext;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.cameras.PipelineAudit;
import nl.poortwachter.gateway.config.OnvifSettings;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.onvif.AddressRange;
import nl.poortwachter.recorder.onvif.CameraNetworks;
import nl.poortwachter.recorder.onvif.DeviceReport;
import nl.poortwachter.recorder.onvif.DiscoveryResult;
import nl.poortwachter.recorder.onvif.DiscoverySettings;
import nl.poortwachter.recorder.onvif.MediaProfile;
import nl.poortwachter.recorder.onvif.OnvifClient;
import nl.poortwachter.recorder.onvif.OnvifException;
import nl.poortwachter.recorder.onvif.WsDiscovery;

/**
 * ONVIF for integrators, under /api/v1/onvif: find devices in the camera networks ({@code discover}), ask one about
 * itself with its credentials ({@code inspect}: identity, clock offset, profiles and their streams), and add one as a
 * camera in one step ({@code add}, {@link OnvifCameras}). The credentials are used for the call and, for an added
 * camera, stored with it as any camera's; they are never answered or logged. Every call is audited: discovery sends
 * probes into the camera networks, an inspection logs in to a device.
 */
public final class OnvifRoutes {
    public static final String BASE = "/api/v1/onvif";

    private final OnvifClient client;
    private final CameraNetworks networks;
    private final OnvifSettings settings;
    private final OnvifCameras cameras;
    private final Blocking blocking;
    private final AuditLog audit;

    public OnvifRoutes(OnvifClient client, CameraNetworks networks, OnvifSettings settings, OnvifCameras cameras,
                       Blocking blocking, AuditLog audit) {
        this.client = client;
        this.networks = networks;
        this.settings = settings;
        this.cameras = cameras;
        this.blocking = blocking;
        this.audit = audit;
    }

    public void register(Router router) {
        router.post(BASE + "/discover", Access.of(Permission.CAMERA_ADMIN, "onvif.discover"), this::discover)
                .post(BASE + "/inspect", Access.of(Permission.CAMERA_ADMIN, "onvif.inspect"), this::inspect)
                .post(BASE + "/add", Access.of(Permission.CAMERA_ADMIN, "camera.create"), this::add);
    }

    /** What to look with instead of the configuration's; each part left out is the configured one. */
    public record DiscoverRequest(Boolean multicast, List<String> sweep) {
    }

    /** A device service address (from a discovery) and the ONVIF user to ask it as. */
    public record InspectRequest(String deviceService, String username, String password) {
    }

    private Future<Reply> discover(Exchange ex) {
        Future<DiscoverRequest> request = ex.declaredLength() > 0 ? ex.readJson(DiscoverRequest.class)
                : Future.succeededFuture(new DiscoverRequest(null, null));
        return request.compose(r -> {
            DiscoverySettings s = discoverySettings(r);
            AuditContext ctx = ex.auditContext();
            return blocking.call(() -> {
                DiscoveryResult result;
                try {
                    result = new WsDiscovery(networks).discover(s);
                } catch (IllegalArgumentException e) {
                    Durable.await(audit.onvif(ctx, "onvif.discover", null, AuditLog.FAILED, "refused"));
                    throw ApiException.badRequest("discovery_refused", null, e.getMessage());
                }
                Durable.await(audit.onvif(ctx, "onvif.discover", null, AuditLog.OK, "probes=" + result.probesSent()
                        + " found=" + result.devices().size() + " ignored=" + result.ignored().size()));
                return Reply.ok(OnvifJson.discovery(result));
            });
        });
    }

    private DiscoverySettings discoverySettings(DiscoverRequest r) {
        List<AddressRange> sweep = new ArrayList<>();
        try {
            for (String range : r.sweep() == null ? List.<String>of() : r.sweep()) {
                sweep.add(AddressRange.parse(range));
            }
            return new DiscoverySettings(r.multicast() == null ? settings.multicast() : r.multicast(), settings.iface(),
                    r.sweep() == null ? settings.sweep() : sweep, settings.listen(), DiscoverySettings.WS_DISCOVERY_PORT);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "sweep", e.getMessage());
        }
    }

    private Future<Reply> inspect(Exchange ex) {
        return ex.readJson(InspectRequest.class).compose(r -> {
            URI device = deviceService(r.deviceService());
            return blocking.call(() -> {
                DeviceReport report = inspected(ex.auditContext(), device, r.username(), r.password());
                return Reply.ok(OnvifJson.report(report));
            });
        }).recover(OnvifRoutes::problem);
    }

    /** A camera not made is audited as a failed {@code camera.create}; a device that refused, as inspected. */
    private Future<Reply> add(Exchange ex) {
        AuditContext ctx = ex.auditContext();
        return ex.readJson(OnvifCameras.AddRequest.class).compose(r -> {
            URI device = deviceService(r.deviceService());
            OnvifCameras.check(r);
            return blocking.call(() -> {
                DeviceReport report = inspected(ctx, device, r.username(), r.password());
                MediaProfile profile = profile(report, r.profileToken());
                return Reply.json(201, cameras.add(ctx, r, report, profile, PipelineAudit.recordedBeforeEffect(audit, ctx,
                        "camera.create")));
            }).recover(t -> t instanceof OnvifException ? Future.failedFuture(t)
                    : PipelineAudit.failed(audit, ctx, "camera.create", r.id(), t));
        }).recover(OnvifRoutes::problem);
    }

    /** The device asked about itself; the call audited with its outcome (never the credentials). */
    private DeviceReport inspected(AuditContext ctx, URI device, String username, String password) throws OnvifException {
        try {
            DeviceReport report = client.device(device, username, password).inspect();
            Durable.await(audit.onvif(ctx, "onvif.inspect", device.toString(), AuditLog.OK, "manufacturer="
                    + report.information().manufacturer() + " clock_offset_ms=" + report.clock().offset().toMillis()));
            return report;
        } catch (OnvifException e) {
            Durable.await(audit.onvif(ctx, "onvif.inspect", device.toString(), AuditLog.FAILED, "problem=" + e.problem().code()));
            throw e;
        }
    }

    /** The profile asked for, or the one with the largest picture; it must have a stream the URL policy allows. */
    private static MediaProfile profile(DeviceReport report, String token) {
        Optional<MediaProfile> chosen = token == null
                ? report.profiles().stream().filter(p -> p.streamUri() != null)
                        .max(Comparator.comparingLong((MediaProfile p) -> (long) p.width() * p.height()))
                : report.profiles().stream().filter(p -> p.token().equals(token)).findFirst();
        MediaProfile p = chosen.orElseThrow(() -> new ApiException(422, "no_profile", "profileToken", token == null
                ? "the device offers no profile with a usable stream" : "the device has no profile '" + token + "'"));
        if (p.streamUri() == null) {
            throw new ApiException(422, p.streamProblem() == null ? "no_stream" : p.streamProblem().code(), "profileToken",
                    p.streamMessage() == null ? "profile '" + p.token() + "' has no stream" : p.streamMessage());
        }
        return p;
    }

    private static URI deviceService(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("invalid_field", "deviceService", "'deviceService' is required (e.g."
                    + " http://10.20.1.15/onvif/device_service, as discovery reports it)");
        }
        try {
            URI uri = new URI(text.strip());
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new java.net.URISyntaxException(text, "no host, or credentials in it");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequest("invalid_field", "deviceService", "'deviceService' must be an http(s) address"
                    + " with a host and without credentials");
        }
    }

    /** A device that refused, could not be reached or answered nonsense: 422 with ONVIF's problem and its message. */
    private static Future<Reply> problem(Throwable t) {
        if (t instanceof OnvifException e) {
            return Future.failedFuture(new ApiException(422, e.problem().code(), null, e.getMessage()));
        }
        return Future.failedFuture(t);
    }
}
