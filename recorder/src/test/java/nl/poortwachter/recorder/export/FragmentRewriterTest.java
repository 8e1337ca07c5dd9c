package nl.poortwachter.recorder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.Test;

/** Sequence number and decode time rewritten in a fragment from our muxer; nothing else changes. */
class FragmentRewriterTest {

    @Test
    void rewritesSequenceAndDecodeTimeOnly() {
        byte[] original = fragmentBytes();
        byte[] copy = original.clone();
        FragmentRewriter.rewrite(copy, 7, 123_456_789_012L);
        ByteBuffer b = ByteBuffer.wrap(copy);
        // prft(32: the fragment's wall-clock time) moof(8) mfhd(8 + 4 version/flags) sequence
        assertEquals("prft", new String(copy, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int mfhd = indexOf(copy, "mfhd");
        assertEquals(40, mfhd, "the moof follows the prft");
        assertEquals(7, b.getInt(mfhd + 12));
        int tfdt = indexOf(copy, "tfdt");
        assertEquals(123_456_789_012L, b.getLong(tfdt + 12));
        assertEquals(123_456_789_012L, b.getLong(24), "the prft's media time moves with the tfdt");
        assertEquals(ByteBuffer.wrap(original).getLong(16), b.getLong(16), "its wall-clock time stays");
        int differing = 0;
        for (int i = 0; i < copy.length; i++) {
            differing += copy[i] != original[i] ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(differing <= 20, "only the three numbers change: " + differing + " bytes");
        byte[] mdatBefore = java.util.Arrays.copyOfRange(original, indexOf(original, "mdat"), original.length);
        byte[] mdatAfter = java.util.Arrays.copyOfRange(copy, indexOf(copy, "mdat"), copy.length);
        assertArrayEquals(mdatBefore, mdatAfter);
    }

    @Test
    void refusesWhatIsNotAFragment() {
        assertThrows(IllegalArgumentException.class, () -> FragmentRewriter.rewrite(new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'}, 1, 0));
    }

    static int indexOf(byte[] b, String type) {
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == type.charAt(0) && b[i + 1] == type.charAt(1) && b[i + 2] == type.charAt(2) && b[i + 3] == type.charAt(3)) {
                return i - 4;
            }
        }
        throw new AssertionError(type + " not found");
    }

    static byte[] fragmentBytes() {
        Fragment[] out = new Fragment[1];
        Fmp4Muxer muxer = new Fmp4Muxer("s", 90_000 * 10, f -> out[0] = f);
        muxer.setInit(InitSegment.of(CodecConfig.build(VideoCodec.H264, 64, 64,
                java.util.List.of(new byte[] {0x67, 0x42, 0, 0x1e}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80}))));
        byte[] nal = {0x65, 1, 2, 3, 4};
        muxer.startSample(0, 0, true, 0);
        muxer.appendNal(nal, 0, nal.length);
        muxer.endSample();
        muxer.startSample(3600, 0, false, 40);
        muxer.appendNal(nal, 0, nal.length);
        muxer.endSample();
        muxer.flush();
        return out[0].bytes();
    }
}
