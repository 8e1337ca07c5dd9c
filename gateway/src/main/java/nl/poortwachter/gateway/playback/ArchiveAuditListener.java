package nl.poortwachter.gateway.playback;

import java.util.function.Function;
import java.util.logging.Logger;
import nl.poortwachter.gateway.audit.AuditLog;
import nl.poortwachter.gateway.logging.Kv;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.ReserveStatus;
import nl.poortwachter.recorder.retention.RetentionListener;

/**
 * What the recorder deletes on its own goes into the audit log as the gateway's action: every purge (retention
 * or storage reserve) and every expired export copy. Holds are logged by their routes, with the user who acted.
 * The reserve alarm is an operational event: it goes to the log and the metrics, not the audit log.
 */
public final class ArchiveAuditListener implements RetentionListener {
    private static final Logger LOG = Logger.getLogger("nl.poortwachter.gateway.playback");

    private final AuditLog audit;
    private final Function<String, String> regimeOf;

    /** @param regimeOf a camera's legal regime, or null when the camera is no longer configured */
    public ArchiveAuditListener(AuditLog audit, Function<String, String> regimeOf) {
        this.audit = audit;
        this.regimeOf = regimeOf;
    }

    @Override
    public void purged(PurgeRecord p) {
        audit.retentionDeleted(p.cameraId(), regimeOf.apply(p.cameraId()), p.from(), p.to(),
                "purge_id=" + p.id() + " policy=" + p.policy() + " files=" + p.files() + " bytes=" + p.bytes()
                        + " state=" + p.state() + " rule=\"" + p.detail() + "\"").exceptionally(this::unlogged);
    }

    @Override
    public void exportExpired(ExportRecord e) {
        audit.retentionDeleted(e.cameraId(), regimeOf.apply(e.cameraId()), e.from(), e.to(),
                "export_id=" + e.id() + " policy=export-retention sha256=" + e.sha256()).exceptionally(this::unlogged);
    }

    /** The deletion happened; if the audit log cannot take it, the server log must say so loudly. */
    private nl.poortwachter.gateway.audit.AuditEntry unlogged(Throwable t) {
        LOG.severe(Kv.msg("deletion not written to the audit log (it is in the purge log)").with("error", t.getMessage()).toString());
        return null;
    }

    @Override
    public void reserveChanged(ReserveStatus s) {
        LOG.warning(Kv.msg(s.alarm() ? "storage reserve alarm" : "storage reserve alarm cleared")
                .with("freeMiB", s.freeBytes() >> 20).with("floorMiB", s.floorBytes() >> 20)
                .with("policy", s.policy().configName()).with("detail", s.detail()).toString());
    }
}
