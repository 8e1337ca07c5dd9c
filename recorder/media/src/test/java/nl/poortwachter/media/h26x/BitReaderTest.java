package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bits and Exp-Golomb codes as H.264/H.265 clause 9.2 defines them, and emulation prevention (7.4.2). */
class BitReaderTest {
    private static BitReader of(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new BitReader(b, 0, b.length);
    }

    @Test
    void bitsComeMostSignificantFirstAcrossByteBoundaries() {
        BitReader r = of(0b1011_0010, 0b0111_1111);
        assertEquals(1, r.bit());
        assertEquals(0b011, r.bits(3));
        assertEquals(0b0010_0111, r.bits(8), "eight bits straddling two bytes");
        r.skip(2);
        assertEquals(0b11, r.bits(2));
    }

    @Test
    void longBitsReadsAll48BitsOfAConstraintField() {
        BitReader r = of(0x90, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xff);
        assertEquals(0x9012_3456_789aL, r.longBits(48));
        assertEquals(0xff, r.bits(8));
    }

    @Test
    void unsignedExpGolombMatchesTheStandardsTable() {
        // 1 | 010 | 011 | 00100 | 00111 | 0001000 = 0, 1, 2, 3, 6, 7
        BitWriter w = new BitWriter().bits(0b1, 1).bits(0b010, 3).bits(0b011, 3).bits(0b00100, 5).bits(0b00111, 5)
                .bits(0b0001000, 7);
        byte[] rbsp = w.rbsp();
        BitReader r = new BitReader(rbsp, 0, rbsp.length);
        assertEquals(0, r.ue());
        assertEquals(1, r.ue());
        assertEquals(2, r.ue());
        assertEquals(3, r.ue());
        assertEquals(6, r.ue());
        assertEquals(7, r.ue());
    }

    @Test
    void signedExpGolombAlternatesPositiveAndNegative() {
        BitWriter w = new BitWriter();
        for (int code = 0; code < 9; code++) {
            w.ue(code);
        }
        byte[] rbsp = w.rbsp();
        BitReader r = new BitReader(rbsp, 0, rbsp.length);
        for (int expected : new int[] {0, 1, -1, 2, -2, 3, -3, 4, -4}) {
            assertEquals(expected, r.se());
        }
    }

    @Test
    void largeCodesUpTo31LeadingZerosAreRead() {
        byte[] rbsp = new BitWriter().ue(1_000_000).ue((1L << 31) - 2).rbsp();
        BitReader r = new BitReader(rbsp, 0, rbsp.length);
        assertEquals(1_000_000, r.ue());
        assertEquals(Integer.MAX_VALUE - 1, r.ue());
    }

    @Test
    void moreThan31LeadingZerosIsABadCodeNotAnEndlessLoop() {
        BitReader r = of(0, 0, 0, 0, 0, 0xff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::ue);
        assertEquals("bad Exp-Golomb code", e.getMessage());
    }

    @Test
    void emulationPreventionBytesAreSkippedAndOnlyThose() {
        // 00 00 03 01 carries 00 00 01; a 03 not after two zeros is data; so is a 03 right after a removed one.
        BitReader r = of(0x00, 0x00, 0x03, 0x01, 0x03, 0x00, 0x03, 0x00, 0x00, 0x03, 0x03);
        assertEquals(0x00, r.bits(8));
        assertEquals(0x00, r.bits(8));
        assertEquals(0x01, r.bits(8), "00 00 03 01: the 03 is not data");
        assertEquals(0x03, r.bits(8), "a 03 after a non-zero byte is data");
        assertEquals(0x0003, r.bits(16), "a 03 after a single zero is data");
        assertEquals(0x0000, r.bits(16));
        assertEquals(0x03, r.bits(8), "00 00 03 03: the second 03 is data");
        assertThrows(IllegalArgumentException.class, r::bit, "nothing more");
    }

    @Test
    void readsOnlyTheRangeGiven() {
        byte[] nal = {(byte) 0xff, 0x42, (byte) 0x80, (byte) 0xff};
        BitReader r = new BitReader(nal, 1, 3);
        assertEquals(0x4280, r.bits(16));
        assertThrows(IllegalArgumentException.class, r::bit, "the byte after 'to' is not read");
    }

    @Test
    void readingPastTheEndSaysTheParameterSetEndsEarly() {
        BitReader r = of(0xff);
        assertEquals(0xff, r.bits(8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::bit);
        assertEquals("parameter set ends early", e.getMessage());
        BitReader skipped = of(0xff);
        skipped.skip(8);
        assertThrows(IllegalArgumentException.class, skipped::bit, "skipping counts too");
    }
}
