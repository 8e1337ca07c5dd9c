package nl.poortwachter.media.fmp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fmp4FileScannerTest {
    private static final byte[] SPS = Base64.getDecoder().decode("Z2QAKKy0A8ARPy4C1AQEBQAAAwABAAADADKPGDKg");
    private static final byte[] PPS = Base64.getDecoder().decode("aO88sA==");

    @TempDir
    Path dir;

    /** Init segment and fragments of one second each, as the muxer writes them. */
    private static final class Written {
        final InitSegment init = InitSegment.of(CodecConfig.build(VideoCodec.H264, 1920, 1080, List.of(SPS, PPS)));
        final List<byte[]> fragments = new ArrayList<>();

        Written(int seconds) {
            Fmp4Muxer muxer = new Fmp4Muxer("s", InitSegment.TIMESCALE, f -> fragments.add(f.bytes()));
            muxer.setInit(init);
            for (int i = 0; i < seconds * 25; i++) {
                muxer.startSample(i * 3600L, 0, i % 25 == 0, 1_700_000_000_000L + i * 40L);
                muxer.appendNal(new byte[] {(byte) (i % 25 == 0 ? 0x65 : 0x41), 1, 2, 3}, 0, 4);
                muxer.endSample();
            }
            muxer.flush();
        }
    }

    private Fmp4FileScanner.Scan scan(byte[]... parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        Path file = Files.write(dir.resolve("segment.mp4"), b.toByteArray());
        return Fmp4FileScanner.scan(file);
    }

    @Test
    void readsWhatTheMuxerWrote() throws IOException {
        Written w = new Written(3);
        Fmp4FileScanner.Scan s = scan(w.init.bytes(), w.fragments.get(0), w.fragments.get(1), w.fragments.get(2));
        assertEquals("avc1", s.sampleEntry());
        assertEquals(1920, s.width());
        assertEquals(1080, s.height());
        assertEquals(w.init.length(), s.initLength());
        assertEquals(3, s.fragments().size());
        assertEquals(s.fileLength(), s.validLength());
        assertEquals(3 * InitSegment.TIMESCALE, s.mediaDuration());
        assertTrue(s.fragments().get(0).keyframe());
    }

    /**
     * Fuzzing finding: a fragment that starts earlier than the one before it (the muxer's decode times only
     * increase, so this is damage) was listed, and the media duration came out negative. It ends the scan, as
     * a torn write does.
     */
    @Test
    void mediaTimeRunningBackwardsEndsTheScan() throws IOException {
        Written w = new Written(2);
        Fmp4FileScanner.Scan s = scan(w.init.bytes(), w.fragments.get(1), w.fragments.get(0));
        assertEquals(1, s.fragments().size());
        assertEquals(InitSegment.TIMESCALE, s.fragments().get(0).baseMediaTime());
        assertEquals(w.init.length() + w.fragments.get(1).length, s.validLength());
        assertEquals(InitSegment.TIMESCALE, s.mediaDuration());
    }

    /**
     * Offsets in a fragment as the muxer writes it: its prft (the wall-clock time, {@link WallClockBox#SIZE}), then
     * moof, mfhd (16), traf, tfhd (16), tfdt (version 1), trun; counted from the moof.
     */
    private static final int TFDT_TIME = 60;
    private static final int TRUN_COUNT = 80;

    private static byte[] patched(byte[] fragment, int inMoof, int... bytes) {
        byte[] b = fragment.clone();
        int moof = WallClockBox.SIZE;
        assertEquals("moof", new String(b, moof + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < bytes.length; i++) {
            b[moof + inMoof + i] = (byte) bytes[i];
        }
        return b;
    }

    /**
     * Fuzzing finding: a trun claiming more samples than its box holds made parseMoof read past the moof, and
     * the IndexOutOfBoundsException came out of scan() (and out of recovery at start-up).
     */
    @Test
    void aRunClaimingMoreSamplesThanItsBoxHoldsEndsTheScan() throws IOException {
        Written w = new Written(3);
        Fmp4FileScanner.Scan s = scan(w.init.bytes(), w.fragments.get(0), patched(w.fragments.get(1), TRUN_COUNT, 0, 0, 3, 0xe8),
                w.fragments.get(2));
        assertEquals(1, s.fragments().size());
        assertEquals(w.init.length() + w.fragments.get(0).length, s.validLength());
    }

    /** Found reviewing the scanner for its fuzz target: tfdt times of 2^63 ticks and more came back negative. */
    @Test
    void aDecodeTimeBeyondSignedRangeIsDamage() throws IOException {
        Written w = new Written(2);
        Fmp4FileScanner.Scan s = scan(w.init.bytes(), patched(w.fragments.get(0), TFDT_TIME, 0x80), w.fragments.get(1));
        assertEquals(List.of(), s.fragments());
        assertEquals(w.init.length(), s.validLength());
    }

    /**
     * Found reviewing the scanner for its fuzz target: fragments before the init segment, or after a second one
     * (two files run together), were listed with the wrong init segment or none.
     */
    @Test
    void fragmentsCountOnlyAfterTheOneInitSegment() throws IOException {
        Written w = new Written(2);
        Fmp4FileScanner.Scan before = scan(w.fragments.get(0), w.init.bytes(), w.fragments.get(1));
        assertEquals(0, before.initLength());
        assertEquals(List.of(), before.fragments());
        Fmp4FileScanner.Scan twice = scan(w.init.bytes(), w.fragments.get(0), w.init.bytes(), w.fragments.get(1));
        assertEquals(1, twice.fragments().size());
        assertEquals(w.init.length() + w.fragments.get(0).length, twice.validLength());
    }

    /**
     * Found reviewing the scanner for its fuzz target: a moov of 2 GiB or more in a file that large was read
     * whole into a buffer of (int) size, a negative number: IllegalArgumentException out of scan(). A header
     * box is read only up to 1 MiB (the muxer writes a few KiB). The file is sparse: it takes no disk space.
     */
    @Test
    void aHugeMoovIsNotReadIntoMemory() throws IOException {
        Path file = dir.resolve("huge.mp4");
        long size = 0x80000008L;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.write(new byte[] {(byte) 0x80, 0, 0, 8, 'm', 'o', 'o', 'v'});
            f.setLength(size);
        }
        Fmp4FileScanner.Scan s = Fmp4FileScanner.scan(file);
        assertEquals(0, s.initLength());
        assertEquals(size, s.fileLength());
    }
}
