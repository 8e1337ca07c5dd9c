package nl.poortwachter.media.fmp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording file says which camera and session made it, its time anchor, and each fragment's wall-clock time. */
class FilesDescribeThemselvesTest {
    private static final CodecConfig CONFIG = CodecConfig.build(VideoCodec.H264, 64, 64,
            List.of(new byte[] {0x67, 0x42, 0, 0x1e}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80}));

    @Test
    void theScannerReadsBackTheSessionAndEveryFragmentsTime(@TempDir Path dir) throws Exception {
        SessionBox session = new SessionBox("stadhuis-noord", "stadhuis-noord-1-1", 1_800_000_000_000L, 1_800_000_000_123L, 0);
        List<Fragment> fragments = new ArrayList<>();
        // Four fragments: the session's first is cut at a quarter second, then one per keyframe (every second).
        long[] starts = {1_800_000_000_140L, 1_800_000_000_391L, 1_800_000_001_141L, 1_800_000_002_139L};
        int[] asked = {0};
        Fmp4Muxer muxer = new Fmp4Muxer("stadhuis-noord-1-1", 90_000, 90_000 / 4, fragments::add, null, new Fmp4Muxer.Timeline() {
            @Override
            public void sample(long decodeTime, long arrivalMillis) {
            }

            @Override
            public long fragmentStart(long decodeTime, long duration, long endArrivalMillis) {
                return starts[asked[0]++];
            }
        });
        muxer.setInit(InitSegment.of(CONFIG, session));
        byte[] nal = {0x65, 1, 2, 3};
        for (int n = 0; n < 75; n++) {
            muxer.startSample(n * 3600L, 0, n % 25 == 0, 0);
            muxer.appendNal(nal, 0, nal.length);
            muxer.endSample();
        }
        muxer.flush();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(fragments.get(0).init().bytes());
        fragments.forEach(f -> file.writeBytes(f.bytes()));
        Path mp4 = dir.resolve("renamed.mp4");
        Files.write(mp4, file.toByteArray());

        Fmp4FileScanner.Scan scan = Fmp4FileScanner.scan(mp4);
        assertEquals(session, scan.session());
        assertEquals(4, scan.fragments().size());
        long offset = fragments.get(0).init().length();
        for (int i = 0; i < 4; i++) {
            assertEquals(starts[i], scan.fragments().get(i).wallClockMillis());
            assertEquals(starts[i], fragments.get(i).wallClockMillis());
            assertEquals(offset, scan.fragments().get(i).offset(), "a fragment starts at its prft");
            offset += fragments.get(i).bytes().length;
        }
        assertEquals(Files.size(mp4), scan.validLength());
    }

    @Test
    void twoSessionsInOneFormatHaveOneDecoderConfiguration() {
        byte[] a = InitSegment.of(CONFIG, new SessionBox("c", "c-1", 1, 2, 0)).bytes();
        byte[] b = InitSegment.of(CONFIG, new SessionBox("c", "c-2", 3, 4, 0)).bytes();
        byte[] plain = InitSegment.of(CONFIG).bytes();
        assertNotEquals(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertArrayEquals(plain, InitSegment.decoderPart(a));
        assertArrayEquals(plain, InitSegment.decoderPart(b));
        assertArrayEquals(plain, InitSegment.decoderPart(plain));
    }

    @Test
    void wallClockTimesSurviveTheNtpFormatToTheMillisecond() {
        for (long ms : new long[] {0, 1, 999, 1_800_000_000_001L, 1_800_000_000_999L, 4_102_444_800_000L}) {
            assertEquals(ms, WallClockBox.millis(WallClockBox.ntp(ms)));
        }
    }

    @Test
    void aFileWithoutOurBoxesStillScans(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("old.mp4");
        Files.write(mp4, InitSegment.of(CONFIG).bytes());
        assertNull(Fmp4FileScanner.scan(mp4).session());
    }
}
