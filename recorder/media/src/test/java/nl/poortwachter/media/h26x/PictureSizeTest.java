package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PictureSizeTest {
    /** The simulator's 1080p H.264 High SPS, as its SDP announces it. */
    private static final byte[] SPS_1080P = Base64.getDecoder().decode("Z2QAKKy0A8ARPy4C1AQEBQAAAwABAAADADKPGDKg");

    @Test
    void readsTheCroppedSizeOfARealSps() {
        assertEquals(new PictureSize(1920, 1080), PictureSize.of(VideoCodec.H264, SPS_1080P));
    }

    /** Fuzzing finding: an SPS shorter than its NAL header made BitReader allocate a negative array. */
    @Test
    void anSpsShorterThanItsHeaderIsMalformedNotACrash() {
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H264, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H265, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H265, new byte[] {0x42}));
    }

    /** Bits of an SPS written by hand: fixed-width fields and Exp-Golomb codes, then the NAL unit with its header. */
    private static final class Bits {
        private final StringBuilder bits = new StringBuilder();

        Bits u(int n, long v) {
            for (int i = n - 1; i >= 0; i--) {
                bits.append((v >>> i & 1) == 1 ? '1' : '0');
            }
            return this;
        }

        Bits ue(long v) {
            int length = 64 - Long.numberOfLeadingZeros(v + 1);
            return u(length - 1, 0).u(length, v + 1);
        }

        /** Header byte, the bits with their stop bit, and emulation prevention (00 00 0x becomes 00 00 03 0x). */
        byte[] nal(int header) {
            u(1, 1);
            while (bits.length() % 8 != 0) {
                bits.append('0');
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(header);
            int zeros = 0;
            for (int i = 0; i < bits.length(); i += 8) {
                int b = Integer.parseInt(bits.substring(i, i + 8), 2);
                if (zeros >= 2 && b <= 3) {
                    out.write(3);
                    zeros = 0;
                }
                out.write(b);
                zeros = b == 0 ? zeros + 1 : 0;
            }
            return out.toByteArray();
        }
    }

    /** A Baseline SPS (profile 66, POC type 2, frame pictures, no cropping) with this many macroblocks. */
    private static byte[] baselineSps(long widthInMbsMinus1, long heightInMbsMinus1) {
        return new Bits().u(8, 66).u(16, 0x001e).ue(0).ue(0).ue(2).ue(1).u(1, 0)
                .ue(widthInMbsMinus1).ue(heightInMbsMinus1).u(1, 1).u(1, 1).u(1, 0).nal(0x67);
    }

    @Test
    void aHandWrittenSpsReadsBack() {
        assertEquals(new PictureSize(1920, 1088), PictureSize.of(VideoCodec.H264, baselineSps(119, 67)));
    }

    /**
     * Found reviewing the parser for its fuzz target: 2^28 + 120 macroblocks across is 2^32 + 1920 pixels,
     * which wrapped around in int to a plausible 1920. Sizes are now computed in long.
     */
    @Test
    void anAbsurdSizeCannotWrapAroundToAPlausibleOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PictureSize.of(VideoCodec.H264, baselineSps((1L << 28) + 119, 67)));
        assertEquals("implausible picture size 4294969216x1088", e.getMessage());
    }
}
