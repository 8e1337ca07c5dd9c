package nl.poortwachter.recorder;

import nl.poortwachter.recorder.export.ExportListener;
import nl.poortwachter.recorder.retention.RetentionListener;

/**
 * Everything the archive deletes or protects on its own, for the audit log: purges, holds, the reserve alarm
 * ({@link RetentionListener}) and expired export copies ({@link ExportListener}).
 */
public interface ArchiveListener extends RetentionListener, ExportListener {
    ArchiveListener NONE = new ArchiveListener() {
    };
}
