package nl.poortwachter.media.fmp4;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Packs one camera's video samples into fMP4 fragments: a new fragment at every keyframe, or once a fragment
 * reaches the maximum duration in a long GOP (the session's first fragment may have a shorter one). A sample's duration is only known when the next one arrives,
 * so the fragment is emitted when the sample after it starts (one frame of latency).
 * <p>For live viewers it also emits every sample as a one-sample fragment (a "chunk"), but only while
 * {@link ChunkSink#wanted()}: a camera nobody watches costs nothing extra. When a sink starts wanting chunks,
 * the samples since the fragment's keyframe are sent first, so a new viewer can start at once.
 * <p>Each fragment's wall-clock time comes from the session's {@link Timeline} when the fragment is complete, and is
 * written in front of its moof ({@link WallClockBox}, a {@code prft} box), so the file holds what the index holds.
 * <p>Not thread-safe: one muxer per ingest thread. Buffers are reused; only the emitted fragment is allocated.
 */
public final class Fmp4Muxer {
    private static final int KEY_FLAGS = 0x02000000;
    private static final int NON_KEY_FLAGS = 0x01010000;

    private final String sessionId;
    private final long maxFragmentTicks;
    private final long firstFragmentTicks;
    private final Consumer<Fragment> sink;
    private final ChunkSink chunks;
    private final Timeline timeline;
    private final BoxWriter mdat = new BoxWriter(512 * 1024);
    private final BoxWriter moof = new BoxWriter(4096);
    private final BoxWriter chunkMoof = new BoxWriter(256);

    private InitSegment init;
    private long sequence;
    private int count;
    private long[] dts = new long[64];
    private int[] cto = new int[64];
    private int[] sizes = new int[64];
    private boolean[] keys = new boolean[64];
    private int[] offsets = new int[64];
    /**
     * When each sample reached the gateway: what live chunks carry, so that live latency is measured from it, and
     * what the timeline anchors wall-clock time with.
     */
    private long[] arrivals = new long[64];
    private long chunkSequence;
    private boolean chunking;
    private int sampleStart = -1;
    private long lastDuration = InitSegment.TIMESCALE / 25;

    /**
     * Maps the session's media time to wall-clock time (docs/time.md). Told every sample's arrival, asked once per
     * fragment, in order, when the fragment is complete.
     */
    public interface Timeline {
        /** A sample with this decode time reached the gateway at {@code arrivalMillis}. */
        void sample(long decodeTime, long arrivalMillis);

        /**
         * @param decodeTime       the fragment's first decode time
         * @param duration         its media duration, in ticks
         * @param endArrivalMillis when what followed it arrived: the next fragment's first sample, or (the session's
         *                         last fragment) its own last sample
         * @return the fragment's wall-clock start, epoch ms
         */
        long fragmentStart(long decodeTime, long duration, long endArrivalMillis);

        /** Media time follows the first sample's arrival exactly: for files and tests, where no camera clock drifts. */
        static Timeline fromFirstArrival() {
            return new Timeline() {
                private long offset = Long.MIN_VALUE;

                @Override
                public void sample(long decodeTime, long arrivalMillis) {
                    if (offset == Long.MIN_VALUE) {
                        offset = arrivalMillis - decodeTime * 1000 / InitSegment.TIMESCALE;
                    }
                }

                @Override
                public long fragmentStart(long decodeTime, long duration, long endArrivalMillis) {
                    return offset + decodeTime * 1000 / InitSegment.TIMESCALE;
                }
            };
        }
    }

    /** Where live chunks go. {@link #wanted()} is read once per sample, from the ingest thread. */
    public interface ChunkSink {
        boolean wanted();

        void accept(Fragment chunk);
    }

    public Fmp4Muxer(String sessionId, long maxFragmentTicks, Consumer<Fragment> sink) {
        this(sessionId, maxFragmentTicks, sink, null, Timeline.fromFirstArrival());
    }

    public Fmp4Muxer(String sessionId, long maxFragmentTicks, Consumer<Fragment> sink, ChunkSink chunks) {
        this(sessionId, maxFragmentTicks, sink, chunks, Timeline.fromFirstArrival());
    }

    public Fmp4Muxer(String sessionId, long maxFragmentTicks, Consumer<Fragment> sink, ChunkSink chunks, Timeline timeline) {
        this(sessionId, maxFragmentTicks, maxFragmentTicks, sink, chunks, timeline);
    }

    /**
     * @param firstFragmentTicks the longest the session's first fragment may be: shorter than the others, footage is
     *                           on disk soon after a camera (re)connects, and the session's time anchor is fixed early
     */
    public Fmp4Muxer(String sessionId, long maxFragmentTicks, long firstFragmentTicks, Consumer<Fragment> sink,
                     ChunkSink chunks, Timeline timeline) {
        this.sessionId = sessionId;
        this.maxFragmentTicks = maxFragmentTicks;
        this.firstFragmentTicks = firstFragmentTicks;
        this.sink = sink;
        this.chunks = chunks;
        this.timeline = timeline;
    }

    public String sessionId() {
        return sessionId;
    }

    public InitSegment init() {
        return init;
    }

    /** A new track configuration: what is buffered goes out under the old one first. */
    public void setInit(InitSegment newInit) {
        flush();
        this.init = newInit;
    }

    /**
     * Starts a sample. {@code decodeTime} must increase strictly (the caller repairs camera timestamps).
     * Emits the buffered fragment if this sample starts a new one.
     *
     * @param arrivalMillis when the sample reached the gateway (for a transcoded camera: its camera picture)
     */
    public void startSample(long decodeTime, int compositionOffset, boolean keyframe, long arrivalMillis) {
        if (init == null) {
            throw new IllegalStateException("no init segment yet");
        }
        timeline.sample(decodeTime, arrivalMillis);
        emitChunks(decodeTime);
        long limit = sequence == 0 ? firstFragmentTicks : maxFragmentTicks;
        if (count > 0 && (keyframe || decodeTime - dts[0] >= limit)) {
            emit(decodeTime, arrivalMillis);
        }
        if (count == dts.length) {
            int n = count * 2;
            dts = Arrays.copyOf(dts, n);
            cto = Arrays.copyOf(cto, n);
            sizes = Arrays.copyOf(sizes, n);
            keys = Arrays.copyOf(keys, n);
            offsets = Arrays.copyOf(offsets, n);
            arrivals = Arrays.copyOf(arrivals, n);
        }
        dts[count] = decodeTime;
        cto[count] = compositionOffset;
        keys[count] = keyframe;
        arrivals[count] = arrivalMillis;
        sampleStart = mdat.position();
        offsets[count] = sampleStart;
    }

    /**
     * The samples completed since the last call, as chunks, while the sink wants them: normally the one before
     * {@code nextDecodeTime}; when the sink has just started wanting them, every buffered sample (the buffered
     * fragment starts at a keyframe unless a long GOP split it, and then the sink waits for the next keyframe).
     */
    private void emitChunks(long nextDecodeTime) {
        boolean wanted = chunks != null && chunks.wanted();
        if (wanted && count > 0) {
            for (int i = chunking ? count - 1 : 0; i < count; i++) {
                emitChunk(i, i + 1 < count ? dts[i + 1] : nextDecodeTime);
            }
        }
        chunking = wanted;
    }

    private void emitChunk(int i, long nextDecodeTime) {
        chunkSequence++;
        int moofSize = writeMoof(chunkMoof, chunkSequence, i, i + 1, nextDecodeTime);
        byte[] out = assemble(chunkMoof, moofSize, offsets[i], sizes[i], 0);
        chunks.accept(new Fragment(sessionId, init, chunkSequence, dts[i], nextDecodeTime - dts[i], keys[i],
                arrivals[i], 1, out));
    }

    /** Appends one NAL unit, length-prefixed, to the current sample. */
    public void appendNal(byte[] data, int offset, int length) {
        mdat.u32(length);
        mdat.bytes(data, offset, length);
    }

    public void endSample() {
        sizes[count] = mdat.position() - sampleStart;
        count++;
        sampleStart = -1;
    }

    /** Emits whatever is buffered (end of session); the last sample gets the previous sample's duration. */
    public void flush() {
        if (count > 0) {
            long end = dts[count - 1] + lastDuration;
            emitChunks(end);
            emit(end, arrivals[count - 1]);
        }
    }

    /** @param endArrival when what follows the fragment arrived (or its own last sample, at the session's end) */
    private void emit(long nextDecodeTime, long endArrival) {
        sequence++;
        int moofSize = writeMoof(moof, sequence, 0, count, nextDecodeTime);
        long duration = nextDecodeTime - dts[0];
        long wall = timeline.fragmentStart(dts[0], duration, endArrival);
        byte[] out = assemble(moof, moofSize, 0, mdat.position(), WallClockBox.SIZE);
        WallClockBox.write(out, 0, wall, dts[0]);
        Fragment fragment = new Fragment(sessionId, init, sequence, dts[0], duration, keys[0], wall, count, out);
        count = 0;
        mdat.reset();
        sink.accept(fragment);
    }

    /** The moof of samples {@code [from, to)} into {@code w}; returns its size. */
    private int writeMoof(BoxWriter w, long seq, int from, int to, long nextDecodeTime) {
        w.reset();
        int moofStart = w.begin("moof");
        int mfhd = w.beginFull("mfhd", 0, 0);
        w.u32(seq);
        w.end(mfhd);
        int traf = w.begin("traf");
        int tfhd = w.beginFull("tfhd", 0, 0x020000); // default-base-is-moof
        w.u32(InitSegment.TRACK_ID);
        w.end(tfhd);
        int tfdt = w.beginFull("tfdt", 1, 0);
        w.u64(dts[from]);
        w.end(tfdt);
        int trun = w.beginFull("trun", 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800);
        w.u32(to - from);
        int dataOffsetAt = w.position();
        w.u32(0);
        for (int i = from; i < to; i++) {
            long duration = (i + 1 < to ? dts[i + 1] : nextDecodeTime) - dts[i];
            if (duration <= 0) {
                duration = lastDuration;
            }
            lastDuration = duration;
            w.u32(duration);
            w.u32(sizes[i]);
            w.u32(keys[i] ? KEY_FLAGS : NON_KEY_FLAGS);
            w.u32(cto[i] & 0xffffffffL);
        }
        w.end(trun);
        w.end(traf);
        w.end(moofStart);
        int moofSize = w.position();
        w.putU32(dataOffsetAt, moofSize + 8);
        return moofSize;
    }

    /** {@code before} bytes left free, moof, an mdat holding {@code length} bytes of the sample data from {@code offset}. */
    private byte[] assemble(BoxWriter moofBox, int moofSize, int offset, int length, int before) {
        byte[] out = new byte[before + moofSize + 8 + length];
        System.arraycopy(moofBox.toByteArrayView(), 0, out, before, moofSize);
        int at = before + moofSize;
        writeU32(out, at, length + 8);
        out[at + 4] = 'm';
        out[at + 5] = 'd';
        out[at + 6] = 'a';
        out[at + 7] = 't';
        System.arraycopy(mdat.toByteArrayView(), offset, out, at + 8, length);
        return out;
    }

    private static void writeU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
