package nl.poortwachter.recorder.fmp4;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Packs one camera's video samples into fMP4 fragments: a new fragment at every keyframe, or once a fragment
 * reaches the maximum duration in a long GOP. A sample's duration is only known when the next one arrives,
 * so the fragment is emitted when the sample after it starts (one frame of latency).
 * <p>Not thread-safe: one muxer per ingest thread. Buffers are reused; only the emitted fragment is allocated.
 */
public final class Fmp4Muxer {
    private static final int KEY_FLAGS = 0x02000000;
    private static final int NON_KEY_FLAGS = 0x01010000;

    private final String sessionId;
    private final long maxFragmentTicks;
    private final Consumer<Fragment> sink;
    private final BoxWriter mdat = new BoxWriter(512 * 1024);
    private final BoxWriter moof = new BoxWriter(4096);

    private InitSegment init;
    private long sequence;
    private int count;
    private long[] dts = new long[64];
    private int[] cto = new int[64];
    private int[] sizes = new int[64];
    private boolean[] keys = new boolean[64];
    private long firstWallClock;
    private int sampleStart = -1;
    private long lastDuration = InitSegment.TIMESCALE / 25;

    public Fmp4Muxer(String sessionId, long maxFragmentTicks, Consumer<Fragment> sink) {
        this.sessionId = sessionId;
        this.maxFragmentTicks = maxFragmentTicks;
        this.sink = sink;
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
     */
    public void startSample(long decodeTime, int compositionOffset, boolean keyframe, long wallClockMillis) {
        if (init == null) {
            throw new IllegalStateException("no init segment yet");
        }
        if (count > 0 && (keyframe || decodeTime - dts[0] >= maxFragmentTicks)) {
            emit(decodeTime);
        }
        if (count == dts.length) {
            int n = count * 2;
            dts = Arrays.copyOf(dts, n);
            cto = Arrays.copyOf(cto, n);
            sizes = Arrays.copyOf(sizes, n);
            keys = Arrays.copyOf(keys, n);
        }
        if (count == 0) {
            firstWallClock = wallClockMillis;
        }
        dts[count] = decodeTime;
        cto[count] = compositionOffset;
        keys[count] = keyframe;
        sampleStart = mdat.position();
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
            emit(dts[count - 1] + lastDuration);
        }
    }

    private void emit(long nextDecodeTime) {
        sequence++;
        moof.reset();
        int moofStart = moof.begin("moof");
        int mfhd = moof.beginFull("mfhd", 0, 0);
        moof.u32(sequence);
        moof.end(mfhd);
        int traf = moof.begin("traf");
        int tfhd = moof.beginFull("tfhd", 0, 0x020000); // default-base-is-moof
        moof.u32(InitSegment.TRACK_ID);
        moof.end(tfhd);
        int tfdt = moof.beginFull("tfdt", 1, 0);
        moof.u64(dts[0]);
        moof.end(tfdt);
        int trun = moof.beginFull("trun", 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800);
        moof.u32(count);
        int dataOffsetAt = moof.position();
        moof.u32(0);
        for (int i = 0; i < count; i++) {
            long duration = (i + 1 < count ? dts[i + 1] : nextDecodeTime) - dts[i];
            if (duration <= 0) {
                duration = lastDuration;
            }
            lastDuration = duration;
            moof.u32(duration);
            moof.u32(sizes[i]);
            moof.u32(keys[i] ? KEY_FLAGS : NON_KEY_FLAGS);
            moof.u32(cto[i] & 0xffffffffL);
        }
        moof.end(trun);
        moof.end(traf);
        moof.end(moofStart);
        int moofSize = moof.position();
        moof.putU32(dataOffsetAt, moofSize + 8);

        int mdatSize = mdat.position();
        byte[] out = new byte[moofSize + 8 + mdatSize];
        System.arraycopy(moof.toByteArrayView(), 0, out, 0, moofSize);
        writeU32(out, moofSize, mdatSize + 8);
        out[moofSize + 4] = 'm';
        out[moofSize + 5] = 'd';
        out[moofSize + 6] = 'a';
        out[moofSize + 7] = 't';
        System.arraycopy(mdat.toByteArrayView(), 0, out, moofSize + 8, mdatSize);

        long duration = nextDecodeTime - dts[0];
        Fragment fragment = new Fragment(sessionId, init, sequence, dts[0], duration, keys[0], firstWallClock, count, out);
        count = 0;
        mdat.reset();
        sink.accept(fragment);
    }

    private static void writeU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
