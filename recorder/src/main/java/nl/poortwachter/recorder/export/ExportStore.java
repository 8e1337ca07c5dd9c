package nl.poortwachter.recorder.export;

import java.util.List;
import java.util.Optional;

/** The export table of the index (schema: docs/index-schema.md, version 3). */
public interface ExportStore {

    void insertExport(ExportRecord pending);

    Optional<ExportRecord> export(String id);

    /** @param cameraId null for every camera; newest first */
    List<ExportRecord> exports(String cameraId, int limit);

    /** The signed manifest of a ready export, as written to disk. */
    Optional<String> manifest(String id);

    void finishExport(String id, ExportState state, String file, long bytes, String sha256, String manifest,
                      String error, long finishedMillis);

    /** Exports whose own retention ended at {@code nowMillis} and whose file may still exist. */
    List<ExportRecord> expiredExports(long nowMillis, int limit);

    void markExpired(String id);

    /** Exports a restart interrupted (still pending). */
    List<ExportRecord> pendingExports();
}
