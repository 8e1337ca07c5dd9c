package nl.poortwachter.recorder.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.poortwachter.media.fmp4.Fmp4FileScanner;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.fmp4.SessionBox;
import nl.poortwachter.recorder.logging.Log;

/**
 * Start-up repair after a crash (kill -9, power loss): segments whose row is not complete are checked
 * against their file, a torn last fragment is cut off, seek points are rebuilt from the file; segment files
 * without a row (recent days only) are indexed if playable; what cannot be played is removed. Runs before
 * ingest starts, so nothing writes while it works, and after the purges a crash interrupted were finished
 * (retention's {@code SegmentPurger.finishInterrupted}): rows claimed for deletion are neither footage nor orphans.
 * <p>Times come from the file itself (docs/time.md): each fragment's prft box holds the wall-clock time the
 * index had given it, and the init segment names camera and session, so a repaired segment gets the times it
 * had before the crash and ends where its last complete fragment ends. Only files written before fragments
 * carried their time fall back to the start in the file name (or the file's mtime) plus media time. A file
 * without a row whose footage would overlap a camera's indexed segments is left unindexed (and logged).
 */
public final class Recovery {
    private static final Log LOG = Log.of(Recovery.class);
    private static final DateTimeFormatter FILE_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    public record Report(int repaired, int indexed, int removed) {
    }

    private final StorageLayout layout;
    private final SegmentIndex index;

    public Recovery(StorageLayout layout, SegmentIndex index) {
        this.layout = layout;
        this.index = index;
    }

    public Report run(Instant now) throws IOException {
        int repaired = 0;
        int indexed = 0;
        int removed = 0;
        for (SegmentRecord row : index.incompleteSegments()) {
            Path file = layout.resolve(row.path());
            Fmp4FileScanner.Scan scan = Files.exists(file) ? Fmp4FileScanner.scan(file) : null;
            if (scan == null || !scan.playable()) {
                Files.deleteIfExists(file);
                index.deleteSegment(row.id());
                removed++;
                LOG.info("recovery.removed", "file", row.path(), "reason", scan == null ? "file missing" : "nothing playable");
                continue;
            }
            truncate(file, scan);
            List<SeekPoint> points = seekPoints(scan, row.startMillis());
            index.completeSegment(row.id(), scan.validLength(), endMillis(scan, points), mediaEnd(scan), points);
            repaired++;
            LOG.info("recovery.repaired", "file", row.path(), "fragments", points.size(),
                    "cutBytes", scan.fileLength() - scan.validLength());
        }
        for (Path file : recentFiles(now)) {
            String relative = layout.relative(file);
            if (index.segmentByPath(relative).isPresent()) {
                continue;
            }
            Fmp4FileScanner.Scan scan = Fmp4FileScanner.scan(file);
            if (!scan.playable() || scan.sampleEntry() == null) {
                Files.delete(file);
                removed++;
                LOG.info("recovery.removed", "file", relative, "reason", "unindexed and not playable");
                continue;
            }
            long start = startOf(file, scan);
            String cameraId = layout.root().relativize(file).getName(0).toString();
            List<SeekPoint> points = seekPoints(scan, start);
            long end = endMillis(scan, points);
            if (!index.segments(cameraId, start, end).isEmpty()) {
                LOG.warn("recovery.overlap", "file", relative, "detail", "its footage overlaps indexed segments; left unindexed");
                continue;
            }
            truncate(file, scan);
            String codec = scan.sampleEntry().startsWith("hvc") || scan.sampleEntry().startsWith("hev") ? "hevc" : "h264";
            SessionBox session = scan.session();
            long id = index.openSegment(cameraId, session != null ? session.sessionId() : "recovered", start, relative,
                    codec, scan.width(), scan.height(), session == null ? null : new SegmentTiming(
                            scan.fragments().get(0).baseMediaTime(), session.openedAtMillis(), session.anchorWallMillis()), null);
            index.completeSegment(id, scan.validLength(), end, mediaEnd(scan), points);
            indexed++;
            LOG.info("recovery.indexed", "file", relative, "fragments", scan.fragments().size());
        }
        return new Report(repaired, indexed, removed);
    }

    private static void truncate(Path file, Fmp4FileScanner.Scan scan) throws IOException {
        if (scan.validLength() < scan.fileLength()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(scan.validLength());
                ch.force(false);
            }
        }
    }

    /** The file's own time (its first fragment's prft); for older files the name's, or its last write's. */
    private static long startOf(Path file, Fmp4FileScanner.Scan scan) throws IOException {
        long own = scan.fragments().get(0).wallClockMillis();
        if (own != Long.MIN_VALUE) {
            return own;
        }
        Long named = startFromName(file);
        // Playable footage is never deleted for its name: date it by its last write instead.
        return named != null ? named
                : Files.getLastModifiedTime(file).toMillis() - scan.mediaDuration() * 1000 / InitSegment.TIMESCALE;
    }

    /** Each fragment at the time its prft box holds; without one, at {@code startMillis} plus media time. */
    private static List<SeekPoint> seekPoints(Fmp4FileScanner.Scan scan, long startMillis) {
        List<SeekPoint> out = new ArrayList<>();
        long first = scan.fragments().get(0).baseMediaTime();
        for (Fmp4FileScanner.FragmentInfo f : scan.fragments()) {
            long wall = f.wallClockMillis() != Long.MIN_VALUE ? f.wallClockMillis()
                    : startMillis + (f.baseMediaTime() - first) * 1000 / InitSegment.TIMESCALE;
            out.add(new SeekPoint(f.offset(), f.size(), f.baseMediaTime(), wall, f.keyframe()));
        }
        return out;
    }

    private static long mediaEnd(Fmp4FileScanner.Scan scan) {
        Fmp4FileScanner.FragmentInfo last = scan.fragments().get(scan.fragments().size() - 1);
        return last.baseMediaTime() + last.duration();
    }

    /** Where the last complete fragment ends: its start plus its media duration, as the writer had it. */
    private static long endMillis(Fmp4FileScanner.Scan scan, List<SeekPoint> points) {
        Fmp4FileScanner.FragmentInfo last = scan.fragments().get(scan.fragments().size() - 1);
        return points.get(points.size() - 1).wallClockMillis() + last.duration() * 1000 / InitSegment.TIMESCALE;
    }

    /** Segment files of today and yesterday (UTC) for every camera folder: older ones had their chance. */
    private List<Path> recentFiles(Instant now) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(layout.root())) {
            return out;
        }
        try (Stream<Path> cameras = Files.list(layout.root())) {
            for (Path cameraDir : cameras.filter(Files::isDirectory).toList()) {
                String cameraId = cameraDir.getFileName().toString();
                for (Instant day : new Instant[] {now.minusSeconds(86_400), now}) {
                    Path dir = layout.dayDir(cameraId, day);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> files = Files.list(dir)) {
                            files.filter(p -> p.getFileName().toString().endsWith(".mp4")).sorted().forEach(out::add);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Long startFromName(Path file) {
        String name = file.getFileName().toString();
        try {
            return LocalDateTime.parse(name.substring(0, name.length() - 4), FILE_NAME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
