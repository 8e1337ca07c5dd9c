package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The H.265 SPS fields the hvcC box and the browser's codec string are made of (ITU-T H.265 7.3.2.2, 7.3.3): a real
 * SPS from the camera simulator (x265, 1280x720 Main), and SPSs written field by field for what it does not send
 * (sub-layers, 4:4:4 and 4:2:2 cropping, profile space, high tier, 10 bits).
 */
class H265SpsTest {
    /** The simulator's /h265 mount (x265 ultrafast, 1280x720, Main, level 3.1), with its emulation-prevention bytes. */
    private static final byte[] SIMULATOR_SPS = HexFormat.of().parseHex(
            "42010101600000030090000003000003005da00280802d165ba4a4c2fff000100016a020202080000003008000000c84");

    @Test
    void readsTheSimulatorsSps() {
        H265Sps s = H265Sps.parse(SIMULATOR_SPS);
        assertEquals(0, s.maxSubLayersMinus1);
        assertEquals(1, s.temporalIdNesting);
        assertEquals(0, s.profileSpace);
        assertEquals(0, s.tier);
        assertEquals(1, s.profileIdc, "Main");
        assertEquals(0x6000_0000L, s.compatibilityFlags, "compatible with Main and Main 10");
        assertEquals(0x9000_0000_0000L, s.constraintFlags, "progressive, frame only");
        assertEquals(93, s.levelIdc, "level 3.1 (30 × 3.1)");
        assertEquals(1, s.chromaFormat, "4:2:0");
        assertEquals(1280, s.width);
        assertEquals(720, s.height);
        assertEquals(0, s.bitDepthLumaMinus8);
        assertEquals(0, s.bitDepthChromaMinus8);
        assertEquals("hvc1.1.6.L93.90", s.codecString());
    }

    /** An SPS with the general profile/tier/level given and the rest of the fields after it. */
    private static BitWriter sps(int subLayersMinus1, int profileSpace, int tier, int profileIdc, long compatibility,
                                 long constraints, int level) {
        return new BitWriter().bits(0, 4).bits(subLayersMinus1, 3).bit(1)
                .bits(profileSpace, 2).bit(tier).bits(profileIdc, 5).bits(compatibility, 32).bits(constraints, 48)
                .bits(level, 8);
    }

    private static BitWriter size(BitWriter w, int chroma, int width, int height, int... crop) {
        w.ue(0).ue(chroma);
        if (chroma == 3) {
            w.bit(0); // separate_colour_plane_flag
        }
        w.ue(width).ue(height);
        if (crop.length == 0) {
            w.bit(0);
        } else {
            w.bit(1);
            for (int c : crop) {
                w.ue(c);
            }
        }
        return w;
    }

    @Test
    void subLayersAreSkippedWhetherTheirProfileAndLevelArePresentOrNot() {
        BitWriter w = sps(2, 0, 0, 1, 0x6000_0000L, 0xB000_0000_0000L, 120);
        w.bit(1).bit(1); // sub-layer 0: profile and level present
        w.bit(0).bit(1); // sub-layer 1: level only
        w.bits(0, 2 * 6); // reserved_zero_2bits for sub-layers 2..7
        w.bits(-1L, 44).bits(-1L, 44); // sub-layer 0's 88 profile bits, all ones: a misstep reads them as codes
        w.bits(0xff, 8); // sub-layer 0's level
        w.bits(0xff, 8); // sub-layer 1's level
        size(w, 1, 1920, 1088, 0, 0, 0, 4).ue(0).ue(0);
        H265Sps s = H265Sps.parse(w.nal(0x42, 0x01));
        assertEquals(2, s.maxSubLayersMinus1);
        assertEquals(120, s.levelIdc);
        assertEquals(1920, s.width);
        assertEquals(1080, s.height, "4:2:0 crops in units of two lines");
        assertEquals("hvc1.1.6.L120.B0", s.codecString());
    }

    @Test
    void chromaFormatSetsTheCroppingUnits() {
        // 4:4:4 (with its separate-colour-plane flag): luma units both ways.
        H265Sps full = H265Sps.parse(size(sps(0, 0, 0, 4, 0x0800_0000L, 0, 93), 3, 1920, 1088, 2, 6, 0, 8)
                .ue(0).ue(0).nal(0x42, 0x01));
        assertEquals(3, full.chromaFormat);
        assertEquals(1912, full.width);
        assertEquals(1080, full.height);
        // 4:2:2: two columns, one line.
        H265Sps half = H265Sps.parse(size(sps(0, 0, 0, 4, 0x0800_0000L, 0, 93), 2, 1920, 1088, 1, 3, 0, 8)
                .ue(0).ue(0).nal(0x42, 0x01));
        assertEquals(2, half.chromaFormat);
        assertEquals(1912, half.width);
        assertEquals(1080, half.height);
    }

    @Test
    void tenBitHighTierWithAProfileSpace() {
        H265Sps s = H265Sps.parse(size(sps(0, 2, 1, 2, 0x2000_0000L, 0x8000_0000_0000L, 153), 1, 3840, 2160)
                .ue(2).ue(2).nal(0x42, 0x01));
        assertEquals(2, s.bitDepthLumaMinus8);
        assertEquals(2, s.bitDepthChromaMinus8);
        assertEquals(3840, s.width);
        assertEquals(2160, s.height);
        // Profile space 2 is 'B'; the compatibility flags are written bit-reversed; trailing zero constraint bytes go.
        assertEquals("hvc1.B2.4.H153.80", s.codecString());
    }

    @Test
    void allConstraintBytesUpToTheLastNonZeroOneAreWritten() {
        H265Sps s = H265Sps.parse(size(sps(0, 0, 0, 1, 0x6000_0000L, 0x0000_0000_0001L, 93), 1, 640, 360)
                .ue(0).ue(0).nal(0x42, 0x01));
        assertEquals("hvc1.1.6.L93.0.0.0.0.0.1", s.codecString());
    }

    @Test
    void aTruncatedSpsIsMalformed() {
        // The fields read end in the 24th byte: every shorter SPS (with its two header bytes) lacks some, and says so.
        for (int cut = 2; cut < 24; cut++) {
            byte[] part = Arrays.copyOf(SIMULATOR_SPS, cut);
            assertThrows(IllegalArgumentException.class, () -> H265Sps.parse(part), "cut at " + cut);
        }
        assertEquals(720, H265Sps.parse(Arrays.copyOf(SIMULATOR_SPS, 24)).height);
    }
}
