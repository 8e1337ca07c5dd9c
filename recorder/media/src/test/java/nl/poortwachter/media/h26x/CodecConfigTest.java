package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecConfigTest {
    /** Fuzzing finding: a one-byte H.265 SPS (its header cut short) threw NegativeArraySizeException. */
    @Test
    void anH265SpsShorterThanItsHeaderGivesNoConfiguration() {
        byte[] vps = {0x40, 0x01, 0x0c};
        byte[] sps = {0x42};
        byte[] pps = {0x44, 0x01, (byte) 0xc0};
        assertNull(CodecConfig.build(VideoCodec.H265, 1280, 720, List.of(vps, sps, pps)));
    }

    /**
     * Fuzzing finding: 32 different SPS went into avcC's 5-bit count as 0 (0xe0 | 32), so the record claimed none
     * and its parameter sets were read as garbage; likewise more than 255 PPS, or a parameter set longer than
     * its 16-bit length field. Sets that the record cannot describe give no configuration.
     */
    @Test
    void parameterSetsTheRecordCannotDescribeGiveNoConfiguration() {
        List<byte[]> sets = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sets.add(new byte[] {0x67, 0x42, 0x00, 0x1e, (byte) i});
        }
        sets.add(new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80});
        assertNull(CodecConfig.build(VideoCodec.H264, 1920, 1080, sets));
        assertNotNull(CodecConfig.build(VideoCodec.H264, 1920, 1080, sets.subList(1, 33)), "31 SPS fit");

        byte[] longSps = new byte[70_000];
        longSps[0] = 0x67;
        longSps[1] = 0x42;
        assertNull(CodecConfig.build(VideoCodec.H264, 1920, 1080, List.of(longSps, sets.get(32))));
    }
}
