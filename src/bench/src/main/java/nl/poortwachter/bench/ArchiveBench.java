package nl.poortwachter.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.playback.FragmentSelection;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.InitCache;
import nl.poortwachter.recorder.playback.MediaFragment;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.RecordingControl;
import nl.poortwachter.recorder.retention.RetentionConfig;
import nl.poortwachter.recorder.retention.RetentionService;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;
import nl.poortwachter.recorder.database.index.IndexDatabase;

/**
 * Playback and retention at scale, on a synthetic index (rows written straight into SQLite, as the recorder
 * would have written them over weeks):
 * <ul>
 *   <li>{@code ttfb}: time to first byte of playback for a random camera and instant in an index of
 *       {@code --cameras} × {@code --days} one-minute segments with one seek point per second. Per sample: the
 *       playlist the UI asks for ([instant − 1 min, instant + 30 min), the recorder's playlist code, reading the
 *       init segments it compares), the media lookup by segment id and the first byte of the first range read
 *       from the file. In process (no HTTP).</li>
 *   <li>{@code purge}: a day of {@code --cameras} cameras' segments (files on disk and rows) past retention,
 *       deleted by the retention job, while a simulated recording load writes the index like {@code --cameras}
 *       cameras do (a fragment per camera per second, a new segment per camera per minute); reports the purge time
 *       and the recording writes' latency during it.</li>
 * </ul>
 * Usage: {@code src/bench/bench archive ttfb|purge [--cameras N] [--days D] [--samples S] [--dir DIR]}.
 */
public final class ArchiveBench {
    static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Seek points per one-minute segment: 60 is what the recorder writes; fewer makes generation of 28 days quicker. */
    static int FRAGMENTS = 60;
    static int FRAGMENT_BYTES = 250_000; // 2 Mbit/s at one fragment per second
    static int WINDOW_MINUTES = 30;
    static final int INIT = 700;

    private ArchiveBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = "ttfb";
        int cameras = 100;
        int days = 28;
        int samples = 200;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "poortwachter-archive-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "ttfb", "purge" -> mode = args[i];
                case "--cameras" -> cameras = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--fragments" -> {
                    FRAGMENTS = Integer.parseInt(args[++i]);
                    FRAGMENT_BYTES = 250_000 * (60 / FRAGMENTS);
                }
                case "--window-minutes" -> WINDOW_MINUTES = Integer.parseInt(args[++i]);
                case "--root" -> i++;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (mode.equals("ttfb")) {
            ttfb(dir.resolve("ttfb"), cameras, days, samples);
        } else {
            purge(dir.resolve("purge"), cameras);
        }
    }

    // ---- time to first byte ----

    static void ttfb(Path dir, int cameras, int days, int samples) throws Exception {
        Path db = dir.resolve("index.db");
        StorageLayout layout = new StorageLayout(dir.resolve("storage"));
        if (Files.exists(dir.resolve("storage"))) {
            // Sample files of an earlier run would be in the page cache's favour or not: start without them.
            try (var walk = Files.walk(dir.resolve("storage"))) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (!Files.exists(db)) {
            Files.createDirectories(dir);
            IndexDatabase.open(db).close(); // the schema, as the recorder makes it
            long t = System.nanoTime();
            long rows = generate(db, layout, cameras, days, 0);
            System.out.printf(Locale.ROOT, "generated %d segments with %d seek points each in %.0f s (%d MiB)%n", rows,
                    FRAGMENTS, (System.nanoTime() - t) / 1e9, Files.size(db) >> 20);
        }
        Random random = new Random(42);
        long span = Duration.ofDays(days).toMillis() - Duration.ofHours(1).toMillis();
        List<Object[]> plan = new ArrayList<>();
        try (IndexDatabase index = IndexDatabase.open(db)) {
            // The files a sample touches exist (sparse, right length, a real-looking init): the index does not care.
            for (int s = 0; s < samples; s++) {
                String camera = cameraId(random.nextInt(cameras));
                Instant at = DAY0.plusMillis(Duration.ofMinutes(2).toMillis() + (long) (random.nextDouble() * span));
                for (SegmentRecord r : index.segments().segments(camera, at.minusSeconds(60).toEpochMilli(), at.plusSeconds(WINDOW_MINUTES * 60L).toEpochMilli())) {
                    Path f = layout.resolve(r.path());
                    if (!Files.exists(f)) {
                        Files.createDirectories(f.getParent());
                        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                            raf.write(new byte[INIT]);
                            raf.setLength(r.bytes());
                        }
                    }
                }
                plan.add(new Object[] {camera, at});
            }
            dropCaches();
            FragmentSelection selection = new FragmentSelection(index.segments(), layout, new InitCache());
            long[] micros = new long[samples];
            for (int s = 0; s < samples; s++) {
                String camera = (String) plan.get(s)[0];
                Instant at = (Instant) plan.get(s)[1];
                long t0 = System.nanoTime();
                List<MediaFragment> fragments = selection.select(camera, at.minusSeconds(60), at.plusSeconds(WINDOW_MINUTES * 60L)).fragments();
                HlsPlaylist p = HlsPlaylist.of(fragments, at, id -> "media/" + id + ".mp4");
                MediaFragment first = fragments.get(0);
                SegmentRecord seg = index.segments().segmentById(first.file().segmentId()).orElseThrow();
                try (FileChannel ch = FileChannel.open(layout.resolve(seg.path()), StandardOpenOption.READ)) {
                    ch.read(ByteBuffer.allocate(1), first.offset());
                }
                micros[s] = (System.nanoTime() - t0) / 1000;
                if (p.runs() < WINDOW_MINUTES) {
                    throw new IllegalStateException("playlist too short: " + p.runs());
                }
            }
            long[] firstFive = Arrays.copyOf(micros, Math.min(5, samples));
            long[] slowest = new long[3];
            int[] slowestAt = new int[3];
            for (int s = 0; s < samples; s++) {
                for (int k = 0; k < 3; k++) {
                    if (micros[s] > slowest[k]) {
                        System.arraycopy(slowest, k, slowest, k + 1, 2 - k);
                        System.arraycopy(slowestAt, k, slowestAt, k + 1, 2 - k);
                        slowest[k] = micros[s];
                        slowestAt[k] = s;
                        break;
                    }
                }
            }
            System.out.println("first five samples (us): " + Arrays.toString(firstFive) + "; slowest three at sample "
                    + Arrays.toString(slowestAt) + ": " + Arrays.toString(slowest));
            Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "ttfb over %d samples (%d cameras x %d days, 1440 segments/camera/day, "
                            + "%d seek points/segment, window %d min): median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    samples, cameras, days, FRAGMENTS, WINDOW_MINUTES, micros[samples / 2] / 1000.0, micros[samples * 95 / 100] / 1000.0,
                    micros[samples * 99 / 100] / 1000.0, micros[samples - 1] / 1000.0);
        }
    }

    /** Best effort: page cache dropped so the first samples pay for disk reads (needs root; ignored otherwise). */
    static void dropCaches() {
        try {
            new ProcessBuilder("sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches").start().waitFor();
        } catch (Exception ignored) {
            // not root: warm caches, stated in the report
        }
    }

    static String cameraId(int i) {
        return String.format(Locale.ROOT, "cam-%03d", i);
    }

    /**
     * Writes {@code cameras × days × 1440} one-minute segments with 60 seek points each straight into the index.
     * With {@code files > 0} also creates each segment's file ({@code files} bytes, sparse).
     */
    static long generate(Path db, StorageLayout layout, int cameras, int days, int files) throws Exception {
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("PRAGMA foreign_keys=OFF");
            }
            c.setAutoCommit(false);
            long bytes = INIT + (long) FRAGMENTS * FRAGMENT_BYTES;
            try (PreparedStatement seg = c.prepareStatement("INSERT INTO segment(id, camera_id, session_id, start_ms, "
                    + "end_ms, path, bytes, codec, width, height, complete) VALUES (?,?,?,?,?,?,?,'h264',1920,1080,1)");
                 PreparedStatement sp = c.prepareStatement("INSERT INTO seek_point(segment_id, byte_offset, byte_size, "
                         + "media_time, wall_ms, keyframe) VALUES (?,?,?,?,?,1)")) {
                long id = 0;
                for (int d = 0; d < days; d++) {
                    for (int cam = 0; cam < cameras; cam++) {
                        String camera = cameraId(cam);
                        for (int m = 0; m < 1440; m++) {
                            long start = DAY0.toEpochMilli() + (d * 1440L + m) * 60_000;
                            id++;
                            String path = layout.relative(layout.segmentFile(camera, start));
                            seg.setLong(1, id);
                            seg.setString(2, camera);
                            seg.setString(3, camera + "-s" + d);
                            seg.setLong(4, start);
                            seg.setLong(5, start + 60_000);
                            seg.setString(6, path);
                            seg.setLong(7, bytes);
                            seg.addBatch();
                            long mediaBase = (long) m * 60 * 90_000;
                            for (int f = 0; f < FRAGMENTS; f++) {
                                sp.setLong(1, id);
                                sp.setLong(2, INIT + (long) f * FRAGMENT_BYTES);
                                sp.setLong(3, FRAGMENT_BYTES);
                                sp.setLong(4, mediaBase + f * 90_000L * (60 / FRAGMENTS));
                                sp.setLong(5, start + f * 1000L * (60 / FRAGMENTS));
                                sp.addBatch();
                            }
                            if (files > 0) {
                                Path file = layout.resolve(path);
                                Files.createDirectories(file.getParent());
                                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                                    raf.setLength(files);
                                }
                            }
                            rows++;
                        }
                        seg.executeBatch();
                        sp.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return rows;
    }

    // ---- purge throughput ----

    static void purge(Path dir, int cameras) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Path db = dir.resolve("index.db");
        StorageLayout layout = new StorageLayout(dir.resolve("storage"));
        IndexDatabase.open(db).close();
        long t = System.nanoTime();
        long rows = generate(db, layout, cameras, 1, 4096);
        System.out.printf(Locale.ROOT, "generated %d segments (files of 4 KiB; %d seek points each) in %.0f s%n", rows,
                FRAGMENTS, (System.nanoTime() - t) / 1e9);
        dropCaches();
        // The day is 29 days old: every camera's retention (28 days by default) has passed.
        Clock clock = Clock.fixed(DAY0.plus(Duration.ofDays(29)).plusSeconds(3600), ZoneOffset.UTC);
        try (IndexDatabase index = IndexDatabase.open(db)) {
            RetentionService retention = new RetentionService(index, layout,
                    Map.of("x", new LegalRegime("x", "x", 28)), RetentionConfig.defaults(), RecordingControl.NONE,
                    () -> Long.MAX_VALUE / 4, () -> { }, new SimpleMeterRegistry(), clock);
            RecordingLoad load = new RecordingLoad(index, layout, cameras);
            Thread recorder = new Thread(load, "recording-load");
            recorder.start();
            Thread.sleep(2000);
            long baselineMax = load.resetMax();
            long p0 = System.nanoTime();
            List<PurgeRecord> purges = retention.purgeNow();
            double seconds = (System.nanoTime() - p0) / 1e9;
            long duringMax = load.resetMax();
            load.stop.set(true);
            recorder.join();
            retention.close();
            long files = purges.stream().mapToLong(PurgeRecord::files).sum();
            System.out.printf(Locale.ROOT, "purged %d segment files of %d cameras in %.1f s (%.0f files/s); recording "
                            + "index writes during the purge: %d, slowest %.1f ms (before the purge: slowest %.1f ms)%n",
                    files, purges.size(), seconds, files / seconds, load.writes.get(), duringMax / 1000.0, baselineMax / 1000.0);
            if (files != rows) {
                throw new IllegalStateException("purged " + files + " of " + rows);
            }
        }
    }

    /** What {@code cameras} recording cameras do to the index: a seek point per camera per second, a segment per minute. */
    static final class RecordingLoad implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong maxMicros = new java.util.concurrent.atomic.AtomicLong();
        private final IndexDatabase index;
        private final StorageLayout layout;
        private final int cameras;

        RecordingLoad(IndexDatabase index, StorageLayout layout, int cameras) {
            this.index = index;
            this.layout = layout;
            this.cameras = cameras;
        }

        long resetMax() {
            return maxMicros.getAndSet(0);
        }

        @Override
        public void run() {
            long[] segments = new long[cameras];
            int second = 0;
            long now = Instant.now().toEpochMilli();
            while (!stop.get()) {
                long tick = System.nanoTime();
                for (int c = 0; c < cameras && !stop.get(); c++) {
                    long t0 = System.nanoTime();
                    if (second % 60 == 0) {
                        // Opening a segment waits for its row to commit: this is the write recording would feel.
                        long start = now + second * 1000L + c;
                        segments[c] = index.segments().openSegment("live-" + c, "s", start,
                                layout.relative(layout.segmentFile("live-" + c, start)), "h264", 1920, 1080);
                    } else {
                        index.segments().appendSeekPoint(segments[c], new SeekPoint(second * 1000L, 1000, second * 90_000L,
                                now + second * 1000L, true), second * 1000L, now + second * 1000L);
                    }
                    maxMicros.accumulateAndGet((System.nanoTime() - t0) / 1000, Math::max);
                    writes.incrementAndGet();
                }
                second++;
                long sleep = 1_000_000_000L - (System.nanoTime() - tick);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }
}
