package nl.poortwachter.recorder.retention;

import java.time.Instant;

/**
 * Proof of deletion (AVG): one purge of one camera's footage. Written before the first file is deleted, so a
 * crash cannot delete footage without a record; {@code finishedAt} is set when the last row is gone.
 *
 * @param from      start of the oldest deleted segment
 * @param to        end of the newest deleted segment
 * @param policy    {@code retention} (the camera's period ended) or {@code reserve} (free space under the floor)
 * @param detail    the rule applied, in words, e.g. "retention 28 days (camera setting; regime gemeentewet-151c)"
 * @param cutoff    footage ending before this instant was due; null for the reserve policy
 * @param state     {@code running}, {@code done}, or {@code completed-at-startup} after a crash
 */
public record PurgeRecord(long id, String cameraId, Instant from, Instant to, long files, long bytes, String policy,
                          String detail, Instant cutoff, Instant startedAt, Instant finishedAt, String state) {
}
