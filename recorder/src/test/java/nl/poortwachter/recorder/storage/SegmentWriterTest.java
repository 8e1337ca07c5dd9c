package nl.poortwachter.recorder.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.testing.TestVideo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutting a camera's fragments into segment files, against a real index and real files: cut at the first keyframe
 * a segment's length after its start, every file beginning with the init segment and a keyframe, a new file for a
 * new session or new parameters, wall-clock times that follow media time, and the crash-safe order of work (row
 * before file, every byte on disk before the row is complete).
 */
class SegmentWriterTest {
    private static final long T = 1_780_000_000_000L;
    private static final long SECOND = InitSegment.TIMESCALE;
    private static final InitSegment INIT = TestVideo.init();

    @TempDir
    Path dir;
    private IndexDatabase index;
    private StorageLayout layout;
    private OrderChecks checked;
    private SegmentWriter writer;

    @BeforeEach
    void open() {
        index = IndexDatabase.open(dir.resolve("index.db"));
        layout = new StorageLayout(dir.resolve("storage"));
        checked = new OrderChecks(index.segments(), layout);
        writer = new SegmentWriter("gate", layout, checked, 3_000, SegmentCounters.NONE);
    }

    @AfterEach
    void close() {
        index.close();
    }

    /** Fragment {@code n} of a session: one second long, a keyframe every other second, {@code 100 + n} bytes. */
    private static Fragment fragment(String session, InitSegment init, int n, long wallJitter) {
        byte[] bytes = new byte[100 + n];
        Arrays.fill(bytes, (byte) n);
        return new Fragment(session, init, n + 1, n * SECOND, SECOND, n % 2 == 0, T + n * 1000L + wallJitter, 25, bytes);
    }

    private List<SegmentRecord> rows() {
        index.sync();
        return index.segments().segments("gate", T - 10_000, T + 100_000);
    }

    private byte[] fileOf(SegmentRecord r) throws Exception {
        return Files.readAllBytes(layout.resolve(r.path()));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    @Test
    void cutsAtTheFirstKeyframeASegmentLengthAfterTheStart() throws Exception {
        List<Fragment> sent = new ArrayList<>();
        for (int n = 0; n < 7; n++) {
            // The session's clock (docs/time.md) gives each fragment its time; the writer keeps it as given (it is also
            // in the file's prft box), here one placed 400 ms later than media time alone would.
            sent.add(fragment("s1", INIT, n, n == 3 ? 400 : 0));
            writer.onFragment(sent.get(n));
        }
        writer.onSessionEnd("s1");
        List<SegmentRecord> rows = rows();
        assertEquals(2, rows.size(), rows.toString());
        // Keyframes at 0, 2, 4, 6 s; 3 s segments: the cut comes at 4 s.
        SegmentRecord first = rows.get(0);
        assertEquals(T, first.startMillis());
        assertEquals(T + 4_000, first.endMillis(), "its last fragment lasts until the next one of its session starts");
        assertTrue(first.complete());
        assertEquals("h264", first.codec());
        assertEquals(1920, first.width());
        assertArrayEquals(concat(INIT.bytes(), sent.get(0).bytes(), sent.get(1).bytes(), sent.get(2).bytes(),
                sent.get(3).bytes()), fileOf(first), "init segment, then the fragments whole and in order");
        assertEquals(fileOf(first).length, first.bytes());
        List<SeekPoint> points = index.segments().seekPoints(first.id());
        long offset = INIT.bytes().length;
        for (int n = 0; n < 4; n++) {
            assertEquals(new SeekPoint(offset, 100 + n, n * SECOND, T + n * 1000L + (n == 3 ? 400 : 0), n % 2 == 0),
                    points.get(n), "point " + n + ": the fragment's own time");
            offset += 100 + n;
        }
        SegmentRecord second = rows.get(1);
        assertEquals(T + 4_000, second.startMillis(), "the next file starts where the first ended");
        assertEquals(T + 7_000, second.endMillis());
        assertArrayEquals(concat(INIT.bytes(), sent.get(4).bytes(), sent.get(5).bytes(), sent.get(6).bytes()), fileOf(second));
        assertEquals(layout.relative(layout.segmentFile("gate", T)), first.path(), "named after its start");
        assertEquals(2, checked.completed, "each file completed once, with every byte on disk");
    }

    @Test
    void nothingIsWrittenBeforeTheFirstKeyframe() throws Exception {
        writer.onFragment(fragment("s1", INIT, 1, 0)); // not a keyframe
        assertEquals(List.of(), rows());
        assertFalse(Files.exists(layout.cameraDir("gate")), "no file either");
        writer.onFragment(fragment("s1", INIT, 2, 0));
        writer.close();
        SegmentRecord only = rows().get(0);
        assertEquals(T + 2_000, only.startMillis(), "the file starts with the keyframe");
        assertEquals(1, index.segments().seekPoints(only.id()).size());
    }

    @Test
    void aNewSessionOrNewParametersStartANewFileMidGroup() throws Exception {
        writer.onFragment(fragment("s1", INIT, 0, 0));
        writer.onFragment(fragment("s1", INIT, 1, 0));
        InitSegment other = TestVideo.init(1280, 720, "68ce3c80");
        // The new parameters come with a keyframe at 2 s: less than a segment after the start, a file of its own all the same.
        writer.onFragment(fragment("s1", other, 2, 0));
        // Reconnected: a new session's keyframe at 3 s (media time starts again at zero in a real session).
        Fragment reconnected = new Fragment("s2", other, 1, 0, SECOND, true, T + 3_000, 25, new byte[50]);
        writer.onFragment(reconnected);
        writer.onSessionEnd("s1"); // the old session's end does not close the new session's file
        writer.onFragment(new Fragment("s2", other, 2, SECOND, SECOND, false, T + 4_000, 25, new byte[60]));
        writer.close();
        List<SegmentRecord> rows = rows();
        assertEquals(List.of(T, T + 2_000, T + 3_000), rows.stream().map(SegmentRecord::startMillis).toList());
        assertEquals(List.of(T + 2_000, T + 3_000, T + 5_000), rows.stream().map(SegmentRecord::endMillis).toList());
        assertEquals(List.of("s1", "s1", "s2"), rows.stream().map(SegmentRecord::sessionId).toList());
        assertEquals(1280, rows.get(1).width());
        assertArrayEquals(concat(other.bytes(), new byte[50], new byte[60]), fileOf(rows.get(2)));
        assertTrue(rows.stream().allMatch(SegmentRecord::complete));
    }

    @Test
    void aFileAlreadyAtTheStartTimeIsLeftAloneTheNewOneStartsAMillisecondLater() throws Exception {
        Path taken = layout.segmentFile("gate", T);
        Files.createDirectories(taken.getParent());
        Files.write(taken, new byte[] {1, 2, 3});
        writer.onFragment(fragment("s1", INIT, 0, 0));
        writer.close();
        writer.close(); // twice: nothing more happens
        SegmentRecord r = rows().get(0);
        assertEquals(T + 1, r.startMillis());
        assertEquals(layout.relative(layout.segmentFile("gate", T + 1)), r.path());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(taken));
        assertEquals(1, checked.completed);
    }

    /**
     * The real index, checking the order of work on its way: a row is opened before its file exists, and completed
     * only when the file holds every byte the row will claim.
     */
    private static final class OrderChecks implements SegmentIndex {
        private final SegmentIndex index;
        private final StorageLayout layout;
        int completed;

        OrderChecks(SegmentIndex index, StorageLayout layout) {
            this.index = index;
            this.layout = layout;
        }

        @Override
        public long openSegment(String cameraId, String sessionId, long startMillis, String path, String codec, int width,
                                int height, SegmentTiming timing, Long leaseToken) {
            assertFalse(Files.exists(layout.resolve(path)), "the row comes before the file: " + path);
            return index.openSegment(cameraId, sessionId, startMillis, path, codec, width, height, timing, leaseToken);
        }

        @Override
        public void completeSegment(long segmentId, long bytes, long endMillis, long mediaEnd, List<SeekPoint> points) {
            String path = index.segmentById(segmentId).orElseThrow().path();
            try {
                assertEquals(bytes, Files.size(layout.resolve(path)), "every byte is in the file before the row is complete");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            completed++;
            index.completeSegment(segmentId, bytes, endMillis, mediaEnd, points);
        }

        @Override
        public void appendSeekPoint(long segmentId, SeekPoint point, long bytes, long endMillis, long mediaEnd) {
            index.appendSeekPoint(segmentId, point, bytes, endMillis, mediaEnd);
        }

        @Override
        public void deleteSegment(long segmentId) {
            index.deleteSegment(segmentId);
        }

        @Override
        public List<SegmentRecord> segments(String cameraId, long fromMillis, long toMillis) {
            return index.segments(cameraId, fromMillis, toMillis);
        }

        @Override
        public List<SegmentRecord> incompleteSegments() {
            return index.incompleteSegments();
        }

        @Override
        public Optional<SegmentRecord> segmentByPath(String path) {
            return index.segmentByPath(path);
        }

        @Override
        public Optional<SegmentRecord> segmentById(long id) {
            return index.segmentById(id);
        }

        @Override
        public Set<String> regimes(String cameraId, long fromMillis, long toMillis) {
            return index.regimes(cameraId, fromMillis, toMillis);
        }

        @Override
        public Optional<String> regimeOf(String cameraId, long segmentId) {
            return index.regimeOf(cameraId, segmentId);
        }

        @Override
        public List<SeekPoint> seekPoints(long segmentId) {
            return index.seekPoints(segmentId);
        }

        @Override
        public Map<Long, List<SeekPoint>> seekPoints(List<Long> segmentIds) {
            return index.seekPoints(segmentIds);
        }

        @Override
        public void sync() {
            index.sync();
        }
    }
}
