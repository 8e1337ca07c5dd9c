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
}
