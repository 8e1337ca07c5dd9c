package nl.poortwachter.gateway.playback;

import nl.poortwachter.recorder.ArchiveListener;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.ReserveStatus;

/**
 * What the recorder deletes on its own goes into the audit log as the gateway's action: every purge (retention
 * or storage reserve) and every expired export copy. Their entries are written by {@link DeletionEntries}, which
 * also writes them late when the audit log cannot take them now; hearing of a deletion only prompts it. Holds are
 * logged by their routes, with the user who acted. The reserve alarm is an operational event: it goes to the log
 * and the metrics, not the audit log.
 */
public final class ArchiveAuditListener implements ArchiveListener {
    private static final Log LOG = Log.of(ArchiveAuditListener.class);

    private final DeletionEntries deletionEntries;

    public ArchiveAuditListener(DeletionEntries deletionEntries) {
        this.deletionEntries = deletionEntries;
    }

    @Override
    public void purged(PurgeRecord p) {
        deletionEntries.soon();
    }

    @Override
    public void exportExpired(ExportRecord e) {
        deletionEntries.soon();
    }

    @Override
    public void reserveChanged(ReserveStatus s) {
        LOG.warn(s.alarm() ? "storage reserve alarm" : "storage reserve alarm cleared", "freeMiB", s.freeBytes() >> 20,
                "floorMiB", s.floorBytes() >> 20, "policy", s.policy().configName(), "detail", s.detail());
    }
}
