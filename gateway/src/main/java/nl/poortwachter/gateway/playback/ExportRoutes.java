package nl.poortwachter.gateway.playback;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.Durable;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.auth.Permission;
import nl.poortwachter.gateway.auth.User;
import nl.poortwachter.gateway.cluster.PeerClient;
import nl.poortwachter.gateway.http.Access;
import nl.poortwachter.gateway.http.ApiException;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Exchange;
import nl.poortwachter.gateway.http.Instants;
import nl.poortwachter.gateway.http.Reply;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportRequest;
import nl.poortwachter.recorder.export.ExportState;
import nl.poortwachter.recorder.export.ExportVerifier;
import nl.poortwachter.recorder.playback.FootageLocator;

/**
 * Evidence exports of a camera, all under {@code /api/v1/cameras/{id}/exports} so that the camera's grant and
 * legal regime decide (police only for 151c):
 * <ul>
 *   <li>{@code POST ?from&to&purpose[&caseNumber]} — 202 with the pending export; made in the background</li>
 *   <li>{@code GET} — the camera's exports this user may see; {@code GET /{export}} — one, with its state</li>
 *   <li>{@code GET /{export}/file?purpose} — the MP4 once ready (logged); {@code GET /{export}/manifest} — the
 *       signed manifest; {@code GET /{export}/verify} — re-hash the file and check the signature now</li>
 * </ul>
 * Which exports a user sees is {@link AccessPolicy#exportScope} (D35): the requester and police everything,
 * auditors the records but never the MP4, others nothing (403, in the audit log).
 * {@code GET /api/v1/exports/public-key} gives the key manifests are signed with, for the verify CLI.
 */
public final class ExportRoutes {
    private static final String BASE = PlaybackRoutes.BASE + "/exports";
    private static final Pattern EXPORT_ID = Pattern.compile("[0-9a-f]{32}");

    private final Recorder recorder;
    private final Blocking blocking;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final byte[] publicKey;
    private final String publicKeyPem;
    private final FootageRegimeLookup footage;
    /** Exports made by other nodes of a cluster, streamed from them (D77); null on the embedded single node. */
    private final PeerClient peers;
    private final String node;

    /**
     * @param footage the regimes of the exported footage, which its processing-log lines name (D87)
     * @param peers   where exports made by other nodes of a cluster come from; null on the embedded single node
     * @param node    this node's id in a cluster (for the audit entries), or null
     */
    public ExportRoutes(Recorder recorder, Blocking blocking, AuditLog audit, AccessPolicy policy, byte[] publicKey,
                        String publicKeyPem, FootageRegimeLookup footage, PeerClient peers, String node) {
        this.peers = peers;
        this.node = node;
        this.recorder = recorder;
        this.blocking = blocking;
        this.audit = audit;
        this.policy = policy;
        this.publicKey = publicKey;
        this.publicKeyPem = publicKeyPem;
        this.footage = footage;
    }

    public void register(Router router) {
        Access.Footage ofExport = Access.Footage.EXPORT;
        router.post(BASE, Access.of(Permission.EXPORT, "export").camera("id").requiringPurpose()
                        .footage(Access.Footage.QUERY_RANGE), this::create)
                .get(BASE, Access.of(Permission.EXPORT_RECORDS, "export.list").camera("id"), this::list)
                .get(BASE + "/{export}", Access.of(Permission.EXPORT_RECORDS, "export.read").camera("id")
                        .footage(ofExport), this::get)
                .get(BASE + "/{export}/file", Access.of(Permission.EXPORT, "export.download").camera("id")
                        .requiringPurpose().footage(ofExport), this::file)
                .get(BASE + "/{export}/manifest", Access.of(Permission.EXPORT_RECORDS, "export.manifest").camera("id")
                        .footage(ofExport), this::manifest)
                .get(BASE + "/{export}/verify", Access.of(Permission.EXPORT_RECORDS, "export.verify").camera("id")
                        .footage(ofExport), this::verify)
                .get("/api/v1/exports/public-key", Access.of(Permission.AUTHENTICATED, "export.public_key"),
                        ex -> Future.succeededFuture(Reply.of(200, "application/x-pem-file", Buffer.buffer(publicKeyPem))));
    }

    private Future<Reply> create(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        Instant from = Instants.required("from", ex.query("from"));
        Instant to = Instants.required("to", ex.query("to"));
        String exporter = ex.principal() == null ? "system" : ex.principal().username();
        var purpose = ex.purpose();
        return blocking.call(() -> {
            // The entry is durable before the export is stored or started: none is made that the log lacks.
            ExportRecord e = recorder.archive().requestExport(new ExportRequest(id, from, to, exporter,
                    purpose == null ? null : purpose.text(), purpose == null ? null : purpose.caseNumber()),
                    pending -> Durable.await(audit.export(ex.auditContext(), id, footage.regimes(id, from, to), from, to,
                            purpose, null, "export_id=" + pending.id() + " step=requested" + placement(id, from, to))));
            return Reply.json(202, view(e)).withHeader("Location", "/api/v1/cameras/" + id + "/exports/" + e.id());
        }).recover(ArchiveFailures::map);
    }

    private Future<Reply> list(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        User user = ex.principal().user();
        return blocking.call(() -> Reply.ok(recorder.archive().exports(id, 100).stream()
                .filter(e -> policy.exportScope(user, e.exporter()) != AccessPolicy.ExportScope.NONE)
                .map(ExportRoutes::view).toList()));
    }

    private Future<Reply> get(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        String export = exportId(ex);
        return blocking.call(() -> Reply.ok(view(find(ex, "export.read", id, export, AccessPolicy.ExportScope.METADATA))));
    }

    private Future<Reply> file(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        String export = exportId(ex);
        var purpose = ex.purpose();
        return blocking.call(() -> {
            ExportRecord e = find(ex, "export.download", id, export, AccessPolicy.ExportScope.FULL);
            FootageLocator.Place place = recorder.archive().exportPlace(export)
                    .orElseThrow(() -> new ApiException(409, "not_ready", null, "the export is " + e.state()
                            + (e.error() == null ? "" : ": " + e.error())));
            if (!place.available() || place.path() == null && peers == null) {
                throw new ApiException(503, "footage_unavailable", null, "this export's file is held by node "
                        + place.node() + ", which is down; it can be downloaded again when that node is back");
            }
            audit.export(ex.auditContext(), id, footage.regimes(id, e.from(), e.to()), e.from(), e.to(), purpose,
                    null,
                    "export_id=" + e.id() + " step=download sha256=" + e.sha256()
                            + (node == null ? "" : " served_by=" + node + " held_by=" + place.node())).join();
            return new Download(e, place);
        }).compose(d -> {
            // From this node's storage, or streamed from the node that made it (logged here first, D77).
            Future<Reply> body = d.place().path() != null
                    ? Future.succeededFuture(Reply.file(200, "video/mp4", d.place().path(), 0, d.export().bytes()))
                    : peers.get(d.place().remote(), PeerClient.exportPath(d.export().id()), null)
                            .map(resp -> Reply.stream(200, "video/mp4", resp, d.export().bytes()));
            return body.map(r -> r.withHeader("Content-Disposition",
                    "attachment; filename=\"" + id + "-" + d.export().id() + ".mp4\""));
        });
    }

    private Future<Reply> manifest(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        String export = exportId(ex);
        return blocking.call(() -> {
            find(ex, "export.manifest", id, export, AccessPolicy.ExportScope.METADATA);
            String m = recorder.archive().exportManifest(export)
                    .orElseThrow(() -> new ApiException(409, "not_ready", null, "the export has no manifest yet"));
            return Reply.of(200, "application/json", Buffer.buffer(m))
                    .withHeader("Content-Disposition", "attachment; filename=\"" + id + "-" + export + ".manifest.json\"");
        });
    }

    private Future<Reply> verify(Exchange ex) {
        String id = PlaybackRoutes.cameraId(ex);
        String export = exportId(ex);
        return blocking.call(() -> {
            find(ex, "export.verify", id, export, AccessPolicy.ExportScope.METADATA);
            ExportVerifier.Result r = recorder.archive().verifyExport(export, publicKey)
                    .orElseThrow(() -> new ApiException(409, "not_ready", null, "the export is not ready"));
            return Reply.ok(verification(r));
        });
    }

    /** The verifier's result, saying in words whose key signed: this gateway's, or another (a re-signed manifest). */
    static Map<String, Object> verification(ExportVerifier.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("hashMatches", r.hashMatches());
        m.put("signed", r.signed());
        m.put("signatureValid", r.signatureValid());
        m.put("keyTrusted", r.keyTrusted());
        m.put("signer", !r.signed() ? "none" : r.keyTrusted() ? "this-gateway" : "another-key");
        m.put("signingKeySha256", r.signingKeySha256());
        m.put("expectedSha256", r.expectedSha256());
        m.put("actualSha256", r.actualSha256());
        m.put("problems", r.problems());
        return m;
    }

    /**
     * The export, when this user may see at least {@code needed} of it; else a 403, written to the audit log first
     * (on a worker: this waits for the entry).
     */
    private ExportRecord find(Exchange ex, String action, String cameraId, String export,
                              AccessPolicy.ExportScope needed) {
        ExportRecord e = recorder.archive().export(export).filter(r -> r.cameraId().equals(cameraId))
                .orElseThrow(() -> ApiException.notFound("no such export"));
        AccessPolicy.ExportScope scope = policy.exportScope(ex.principal().user(), e.exporter());
        if (scope.compareTo(needed) < 0) {
            String reason = scope == AccessPolicy.ExportScope.NONE ? "not_requester" : "metadata_only";
            Durable.await(audit.denied(ex.auditContext(), action, "camera", cameraId, reason));
            throw ApiException.forbidden(reason, scope == AccessPolicy.ExportScope.NONE
                    ? "this export was requested by someone else" : "auditors see an export's record, not its video");
        }
        return e;
    }

    private record Download(ExportRecord export, FootageLocator.Place place) {
    }

    /** In a cluster, which node makes the export and which hold its footage (D77); empty on one node. */
    private String placement(String cameraId, Instant from, Instant to) {
        return node == null ? "" : " served_by=" + node + " held_by="
                + String.join(",", recorder.archive().holders(cameraId, from, to));
    }

    private static String exportId(Exchange ex) {
        String e = ex.pathParam("export");
        if (!EXPORT_ID.matcher(e).matches()) {
            throw ApiException.notFound("no such export");
        }
        return e;
    }

    static Map<String, Object> view(ExportRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("cameraId", e.cameraId());
        m.put("from", e.from());
        m.put("to", e.to());
        m.put("exporter", e.exporter());
        m.put("purpose", e.purpose());
        m.put("caseNumber", e.caseNumber());
        m.put("state", e.state());
        m.put("createdAt", e.createdAt());
        m.put("expiresAt", e.expiresAt());
        m.put("bytes", e.state() == ExportState.ready ? e.bytes() : null);
        m.put("sha256", e.sha256());
        m.put("error", e.error());
        String base = "/api/v1/cameras/" + e.cameraId() + "/exports/" + e.id();
        m.put("links", e.state() == ExportState.ready
                ? Map.of("file", base + "/file", "manifest", base + "/manifest", "verify", base + "/verify") : Map.of());
        return m;
    }

    static List<Map<String, Object>> views(List<ExportRecord> list) {
        return list.stream().map(ExportRoutes::view).toList();
    }
}
