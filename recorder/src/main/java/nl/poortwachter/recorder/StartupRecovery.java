package nl.poortwachter.recorder;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.SegmentPurger;
import nl.poortwachter.recorder.storage.Recovery;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * What a start does after a crash, before any camera records: first the deletions the crash interrupted are
 * finished (claimed rows are neither footage nor orphans), then segment files and rows are repaired.
 */
public final class StartupRecovery {
    /** @param finishedPurges purges a crash interrupted, completed now (their files deleted, rows dropped) */
    public record Report(Recovery.Report files, List<PurgeRecord> finishedPurges) {
    }

    private StartupRecovery() {
    }

    public static Report run(StorageLayout layout, IndexDatabase index, Instant now) throws IOException {
        List<PurgeRecord> purges = new SegmentPurger(layout, index.retention(), Clock.fixed(now, ZoneOffset.UTC))
                .finishInterrupted();
        return new Report(new Recovery(layout, index.segments()).run(now), purges);
    }
}
