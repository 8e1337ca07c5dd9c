package nl.poortwachter.recorder.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;

/** Live chunks from the muxer and their fan-out: one picture per chunk, start at a keyframe, slow viewers skip. */
class LiveFeedTest {
    static final int FRAME = 3600;
    static final InitSegment INIT = InitSegment.of(CodecConfig.build(VideoCodec.H264, 64, 64,
            List.of(new byte[] {0x67, 0x42, 0, 0x1e}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80})));

    static final class Viewer implements FragmentListener {
        final List<Fragment> chunks = new ArrayList<>();
        final List<String> ends = new ArrayList<>();
        boolean closed;

        @Override
        public void onFragment(Fragment f) {
            chunks.add(f);
        }

        @Override
        public void onSessionEnd(String sessionId) {
            ends.add(sessionId);
        }

        @Override
        public void onClosed() {
            closed = true;
        }
    }

    /** Runs tasks only when told: a viewer whose connection is stuck. */
    static final class HeldExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean held = true;

        @Override
        public void execute(Runnable r) {
            if (held) {
                tasks.add(r);
            } else {
                r.run();
            }
        }

        /** The connection recovers: what was queued goes out, and from now on everything at once. */
        void release() {
            held = false;
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    static Fmp4Muxer muxer(List<Fragment> fragments, Fmp4Muxer.ChunkSink sink) {
        Fmp4Muxer m = new Fmp4Muxer("s1", 90_000 * 10, fragments::add, sink);
        m.setInit(INIT);
        return m;
    }

    /** Sample n: keyframe every {@code gop}; its payload names its number so tests can tell pictures apart. */
    static void sample(Fmp4Muxer m, int n, int gop) {
        boolean key = n % gop == 0;
        byte[] nal = {(byte) (key ? 0x65 : 0x41), (byte) n, (byte) (n * 7), 9};
        m.startSample((long) n * FRAME, 0, key, 1_000_000L + n * 40L);
        m.appendNal(nal, 0, nal.length);
        m.endSample();
    }

    /** The samples of a chunk (moof+mdat) or of a recording fragment (prft+moof+mdat: the prft holds its time). */
    static byte[] mdatPayload(Fragment f) {
        byte[] b = f.bytes();
        int at = 0;
        if (new String(b, 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("prft")) {
            at = size(b, 0);
        }
        int moofEnd = at + size(b, at);
        assertEquals("mdat", new String(b, moofEnd + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        return Arrays.copyOfRange(b, moofEnd + 8, b.length);
    }

    private static int size(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    @Test
    void everyPictureBecomesOneChunkHoldingTheSameBytesAsTheRecordedFragment() {
        List<Fragment> fragments = new ArrayList<>();
        List<Fragment> chunks = new ArrayList<>();
        Fmp4Muxer m = muxer(fragments, new Fmp4Muxer.ChunkSink() {
            public boolean wanted() {
                return true;
            }

            public void accept(Fragment chunk) {
                chunks.add(chunk);
            }
        });
        for (int n = 0; n < 6; n++) {
            sample(m, n, 3);
        }
        m.flush();
        assertEquals(6, chunks.size());
        assertEquals(2, fragments.size());
        for (int n = 0; n < 6; n++) {
            Fragment c = chunks.get(n);
            assertEquals(1, c.samples());
            assertEquals((long) n * FRAME, c.baseMediaTime());
            assertEquals(FRAME, c.duration());
            assertEquals(n % 3 == 0, c.keyframe(), "chunk " + n);
            assertEquals(1_000_000L + n * 40L, c.wallClockMillis());
            assertEquals(n + 1, c.sequence());
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int n = 0; n < 3; n++) {
            joined.writeBytes(mdatPayload(chunks.get(n)));
        }
        assertArrayEquals(mdatPayload(fragments.get(0)), joined.toByteArray());
    }

    @Test
    void nothingIsChunkedWhileNobodyWatchesAndANewViewerStartsAtTheBufferedKeyframe() {
        LiveFeed feed = new LiveFeed();
        List<Fragment> fragments = new ArrayList<>();
        Fmp4Muxer m = muxer(fragments, feed);
        sample(m, 0, 5);
        sample(m, 1, 5);
        sample(m, 2, 5);
        assertFalse(feed.wanted());
        Viewer v = new Viewer();
        feed.subscribe(v, 100, Runnable::run);
        assertTrue(feed.wanted());
        assertTrue(v.chunks.isEmpty(), "chunks are made by the ingest thread, at its next picture");
        sample(m, 3, 5);
        // Pictures 0..2 were buffered in the muxer: the viewer gets them at once, from the keyframe.
        assertEquals(List.of(0L, 1L, 2L), v.chunks.stream().map(f -> f.baseMediaTime() / FRAME).toList());
        assertTrue(v.chunks.get(0).keyframe());
        for (int n = 4; n < 12; n++) {
            sample(m, n, 5);
        }
        assertEquals(11, v.chunks.size());
        // A second viewer joining mid-GOP gets the chunks since the last keyframe (10), not from the middle.
        Viewer late = new Viewer();
        feed.subscribe(late, 100, Runnable::run);
        assertEquals(List.of(10L), late.chunks.stream().map(f -> f.baseMediaTime() / FRAME).toList());
        sample(m, 12, 5);
        assertEquals(List.of(10L, 11L), late.chunks.stream().map(f -> f.baseMediaTime() / FRAME).toList());
    }

    @Test
    void aViewerJoiningInTheMiddleOfALongGopWaitsForTheNextKeyframe() {
        LiveFeed feed = new LiveFeed();
        // Fragments of at most 2 pictures: the muxer's buffer then starts mid-GOP.
        Fmp4Muxer m = new Fmp4Muxer("s1", 2L * FRAME, f -> { }, feed);
        m.setInit(INIT);
        for (int n = 0; n < 4; n++) {
            sample(m, n, 8);
        }
        Viewer v = new Viewer();
        feed.subscribe(v, 100, Runnable::run);
        for (int n = 4; n < 10; n++) {
            sample(m, n, 8);
        }
        assertEquals(8, v.chunks.get(0).baseMediaTime() / FRAME);
        assertTrue(v.chunks.get(0).keyframe());
    }

    @Test
    void aStuckViewerSkipsToTheNextKeyframeWhileOthersGetEverything() {
        LiveFeed feed = new LiveFeed();
        Fmp4Muxer m = muxer(new ArrayList<>(), feed);
        Viewer fast = new Viewer();
        Viewer slow = new Viewer();
        HeldExecutor stuck = new HeldExecutor();
        feed.subscribe(fast, 10, Runnable::run);
        Subscription slowSub = feed.subscribe(slow, 10, stuck);
        for (int n = 0; n < 21; n++) {
            sample(m, n, 25);
        }
        assertTrue(slowSub.dropped() > 0);
        stuck.release();
        for (int n = 21; n < 41; n++) {
            sample(m, n, 25);
        }
        assertEquals(40, fast.chunks.size());
        List<Long> got = slow.chunks.stream().map(f -> f.baseMediaTime() / FRAME).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), got.subList(0, 10));
        assertEquals(25L, got.get(10), "after the gap it resumes at the next keyframe: " + got);
        assertEquals(15, slowSub.dropped(), "pictures 10..24 dropped");
        assertEquals(25, got.size(), "10 before the gap, 25..39 after");
    }

    @Test
    void sessionEndAndRemovalReachViewers() {
        LiveFeed feed = new LiveFeed();
        Viewer v = new Viewer();
        feed.subscribe(v, 10, Runnable::run);
        feed.endSession("s1");
        assertEquals(List.of("s1"), v.ends);
        feed.close();
        assertTrue(v.closed);
        assertEquals(0, feed.viewers());
        assertThrows(IllegalStateException.class, () -> feed.subscribe(new Viewer(), 10, Runnable::run));
    }
}
