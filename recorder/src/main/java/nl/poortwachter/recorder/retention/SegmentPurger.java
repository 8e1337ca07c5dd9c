package nl.poortwachter.recorder.retention;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * Deletes segments in the order that makes a crash harmless: (1) claim the rows for a purge record in one
 * transaction, (2) delete the files, (3) drop the rows. A crash after (1) leaves claimed rows, which
 * {@link #finishInterrupted} completes at start-up; a file is never left without a row, and no row points at a
 * file that is half gone (claimed rows are invisible to playback and listings).
 */
public final class SegmentPurger {
    private static final Log LOG = Log.of(SegmentPurger.class);

    /** Where a test may simulate a crash: between the steps. */
    interface Steps {
        default void afterClaim(long purgeId) {
        }

        default void afterFilesDeleted(long purgeId) {
        }

        Steps NONE = new Steps() {
        };
    }

    private final StorageLayout layout;
    private final RetentionStore store;
    private final Clock clock;
    private volatile Steps steps = Steps.NONE;

    public SegmentPurger(StorageLayout layout, RetentionStore store, Clock clock) {
        this.layout = layout;
        this.store = store;
        this.clock = clock;
    }

    void setSteps(Steps steps) {
        this.steps = steps;
    }

    /**
     * Deletes the candidates that are still deletable, under purge record {@code purgeId} (0: a new record from
     * {@code start}). Returns what was deleted.
     */
    public RetentionStore.Claim delete(long purgeId, PurgeRecord start, List<DeletableSegment> candidates) {
        RetentionStore.Claim claim = store.claim(purgeId, start, candidates, clock.millis());
        if (claim.claimed().isEmpty()) {
            return claim;
        }
        steps.afterClaim(claim.purgeId());
        List<DeletableSegment> deleted = new ArrayList<>(claim.claimed().size());
        TreeSet<Path> dirs = new TreeSet<>();
        for (DeletableSegment s : claim.claimed()) {
            Path file = layout.resolve(s.path());
            try {
                Files.deleteIfExists(file);
                deleted.add(s);
                dirs.add(file.getParent());
            } catch (IOException e) {
                // Keep the row (and so the file) rather than orphan a file the index no longer knows.
                LOG.error("purge.file.failed", e, "file", s.path());
                store.unclaim(claim.purgeId(), s);
            }
        }
        steps.afterFilesDeleted(claim.purgeId());
        store.dropClaimed(claim.purgeId());
        removeEmptyDayFolders(dirs);
        return new RetentionStore.Claim(claim.purgeId(), deleted);
    }

    /** Start-up: finishes purges a crash interrupted. Returns the purges it completed. */
    public List<PurgeRecord> finishInterrupted() throws IOException {
        Map<Long, List<ClaimedSegment>> byPurge = new LinkedHashMap<>();
        for (ClaimedSegment c : store.claimedSegments()) {
            byPurge.computeIfAbsent(c.purgeId(), k -> new ArrayList<>()).add(c);
        }
        for (long id : store.unfinishedPurges()) {
            byPurge.putIfAbsent(id, List.of());
        }
        List<PurgeRecord> out = new ArrayList<>();
        for (Map.Entry<Long, List<ClaimedSegment>> e : byPurge.entrySet()) {
            TreeSet<Path> dirs = new TreeSet<>();
            for (ClaimedSegment c : e.getValue()) {
                Path file = layout.resolve(c.path());
                Files.deleteIfExists(file);
                dirs.add(file.getParent());
            }
            store.dropClaimed(e.getKey());
            removeEmptyDayFolders(dirs);
            PurgeRecord done = store.finishPurge(e.getKey(), clock.millis(), "completed-at-startup");
            LOG.info("purge.completed.at.startup", "purge", e.getKey(), "camera", done.cameraId(),
                    "files", done.files(), "remainingFiles", e.getValue().size());
            out.add(done);
        }
        return out;
    }

    /**
     * Removes day folders left empty, and their month and year folders when empty, but never today's or the
     * current month's: the segment writer may be creating them.
     */
    private void removeEmptyDayFolders(TreeSet<Path> dayDirs) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (Path day : dayDirs.descendingSet()) {
            LocalDate date = dateOf(day);
            if (date == null || !date.isBefore(today)) {
                continue;
            }
            if (deleteIfEmpty(day) && !(date.getYear() == today.getYear() && date.getMonth() == today.getMonth())) {
                if (deleteIfEmpty(day.getParent()) && date.getYear() != today.getYear()) {
                    deleteIfEmpty(day.getParent().getParent());
                }
            }
        }
    }

    /** The date of a {@code <camera>/<yyyy>/<mm>/<dd>} folder, or null if it is not one. */
    private LocalDate dateOf(Path day) {
        Path rel;
        try {
            rel = layout.root().relativize(day);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (rel.getNameCount() != 4) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(rel.getName(1).toString()), Integer.parseInt(rel.getName(2).toString()),
                    Integer.parseInt(rel.getName(3).toString()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
            return true;
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("purge.folder.failed", "folder", dir, "error", e.getMessage());
            return false;
        }
    }
}
