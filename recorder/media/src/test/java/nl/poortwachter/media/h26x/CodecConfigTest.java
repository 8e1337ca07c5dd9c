package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertNull;

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
}
