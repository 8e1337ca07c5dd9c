package nl.poortwachter.recorder.export;

import java.util.List;
import java.util.Optional;

/** The export table of the index (schema: docs/index-schema.md, version 4). */
public interface ExportStore {

    void insertExport(ExportRecord pending);

    Optional<ExportRecord> export(String id);

    /** @param cameraId null for every camera; newest first */
    List<ExportRecord> exports(String cameraId, int limit);

    /** The signed manifest of a ready export, as written to disk. */
    Optional<String> manifest(String id);

    /**
     * The cluster node whose storage folder holds the export's file (D77); empty for one made by the embedded
     * gateway, or unknown.
     */
    Optional<String> holder(String id);

    void finishExport(String id, ExportState state, String file, long bytes, String sha256, String manifest,
                      String error, long finishedMillis);

    /** Exports whose own retention ended at {@code nowMillis} and whose file may still exist. */
    List<ExportRecord> expiredExports(long nowMillis, int limit);

    /** The copy's file is gone: the export is expired from {@code expiredMillis} and owes its audit entry. */
    void markExpired(String id, long expiredMillis);

    /** Expired exports whose audit entry is not yet durable, earliest expiry first. */
    List<ExpiredExport> unauditedExpiries(int limit);

    /**
     * Notes that the expiry's audit entry is durable. True only for the call that set the mark: false when the
     * export is unknown, not expired or marked already.
     */
    boolean markExpiryAudited(String id, long auditedMillis);

    /** Exports a restart interrupted (still pending). */
    List<ExportRecord> pendingExports();
}
