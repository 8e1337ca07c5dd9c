package nl.poortwachter.recorder.export;

import java.time.Instant;

/**
 * One evidence export: what was asked (camera, range, by whom, why) and what came of it.
 *
 * @param file   the MP4, relative to the storage folder; null until ready
 * @param sha256 hex SHA-256 of the MP4; null until ready
 */
public record ExportRecord(String id, String cameraId, Instant from, Instant to, String exporter, String purpose,
                           String caseNumber, Instant createdAt, Instant expiresAt, ExportState state, String file,
                           long bytes, String sha256, String error, Instant finishedAt) {
}
