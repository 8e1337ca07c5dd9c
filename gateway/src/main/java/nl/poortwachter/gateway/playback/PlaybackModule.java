package nl.poortwachter.gateway.playback;

import java.time.Clock;
import java.util.function.Function;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.audit.AuditStore;
import nl.poortwachter.gateway.audit.SigningKey;
import nl.poortwachter.gateway.auth.AccessPolicy;
import nl.poortwachter.gateway.cluster.PeerClient;
import nl.poortwachter.gateway.http.Blocking;
import nl.poortwachter.gateway.http.Router;
import nl.poortwachter.recorder.CameraView;
import nl.poortwachter.recorder.Recorder;

/**
 * Recorded video in the gateway, wired in one call: playback, exports signed with the gateway's key, holds and
 * the purge log, the playback page; and the recorder's own deletions reported to the audit log.
 */
public final class PlaybackModule {
    private PlaybackModule() {
    }

    /**
     * @return the writer of the deletions' audit entries, already started: to be closed before the audit log,
     * so that no round is writing while the log closes
     */
    /**
     * @param peers footage held by other nodes of a cluster, streamed from them (D77); null on the embedded node
     * @param node  this node's id in a cluster, or null
     */
    public static DeletionEntries install(Router router, Recorder recorder, Blocking blocking, AuditLog audit,
                                       AuditStore log, SigningKey key, AccessPolicy policy, Clock clock,
                                       PeerClient peers, String node) {
        recorder.archive().setSigner(new KeySigner(key));
        Function<String, String> regimeOf = id -> recorder.camera(id).map(CameraView::legalRegime).orElse(null);
        DeletionEntries deletionEntries = new DeletionEntries(recorder.archive(), audit, log, regimeOf);
        recorder.archive().setListener(new ArchiveAuditListener(deletionEntries));
        deletionEntries.start();
        if (peers != null) {
            recorder.archive().setPeers(peers);
        }
        FootageRegimeLookup footage = new FootageRegimeLookup(recorder, blocking, clock);
        new PlaybackRoutes(recorder, blocking, audit, clock, footage, peers, node).register(router);
        new ExportRoutes(recorder, blocking, audit, policy, key.publicKey().getEncoded(), key.publicKeyPem(), footage,
                peers, node)
                .register(router);
        new HoldRoutes(recorder, blocking, audit, clock, policy, footage).register(router);
        new PlaybackPage().register(router);
        return deletionEntries;
    }
}
