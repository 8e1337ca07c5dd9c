package nl.poortwachter.recorder.export;

import java.time.Instant;

/** An export whose copy was deleted because its own retention ended, and when that happened. */
public record ExpiredExport(ExportRecord export, Instant expiredAt) {
}
