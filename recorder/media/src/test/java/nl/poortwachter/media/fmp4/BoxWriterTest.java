package nl.poortwachter.media.fmp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** ISO-BMFF boxes as the muxer writes them: big-endian fields, box sizes patched on end, growth, reuse. */
class BoxWriterTest {
    private static String hex(BoxWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    @Test
    void fieldsAreBigEndianAndKeepTheirHighBits() {
        BoxWriter w = new BoxWriter(64);
        w.u8(0x1ff); // only the low byte
        w.u16(0xfffe);
        w.u32(0xfedc_ba98L);
        w.u64(0x0123_4567_89ab_cdefL);
        w.u64(-2L);
        assertEquals("ff" + "fffe" + "fedcba98" + "0123456789abcdef" + "fffffffffffffffe", hex(w));
        assertEquals(1 + 2 + 4 + 8 + 8, w.position());
    }

    @Test
    void aBoxsSizeIsPatchedOnEndAndCountsItsHeaderAndNestedBoxes() {
        BoxWriter w = new BoxWriter(64);
        int moov = w.begin("moov");
        int mvhd = w.beginFull("mvhd", 1, 0x000203);
        w.u32(1000);
        w.end(mvhd);
        int free = w.begin("free");
        w.end(free);
        w.end(moov);
        assertEquals("00000020" + "6d6f6f76" // moov: its header, mvhd and free: 32 bytes
                + "00000010" + "6d766864" + "01000203" + "000003e8" // mvhd: size, type, version 1 and flags, field
                + "00000008" + "66726565", // an empty box is its header
                hex(w));
    }

    @Test
    void growsPastItsCapacityKeepingWhatWasWritten() {
        BoxWriter w = new BoxWriter(1);
        int box = w.begin("mdat");
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        w.bytes(payload);
        w.zeros(3);
        w.end(box);
        byte[] out = w.toByteArray();
        assertEquals(8 + 10_000 + 3, out.length);
        assertEquals("0000271b" + "6d646174", HexFormat.of().formatHex(out, 0, 8), "size 10011, type mdat");
        for (int i = 0; i < payload.length; i++) {
            assertEquals(payload[i], out[8 + i], "payload byte " + i);
        }
        assertEquals("000000", HexFormat.of().formatHex(out, out.length - 3, out.length));
    }

    @Test
    void bytesCopiesTheRangeAsked() {
        BoxWriter w = new BoxWriter(4);
        w.bytes(new byte[] {1, 2, 3, 4, 5, 6}, 2, 3);
        w.fourcc("avc1");
        assertEquals("030405" + "61766331", hex(w));
    }

    @Test
    void resetStartsOverAndZerosOverwriteWhatWasThere() {
        BoxWriter w = new BoxWriter(16);
        w.u32(0xffff_ffffL);
        w.u32(0xffff_ffffL);
        w.reset();
        assertEquals(0, w.position());
        assertEquals(0, w.toByteArray().length);
        w.zeros(6);
        w.u8(7);
        assertEquals("00000000000007", hex(w), "no byte of the earlier content shows through");
    }

    @Test
    void theViewIsTheBufferItselfAndTheCopyIsNot() {
        BoxWriter w = new BoxWriter(8);
        w.u16(0x0102);
        byte[] view = w.toByteArrayView();
        assertSame(view, w.toByteArrayView());
        assertEquals(8, view.length, "the whole buffer, valid up to position()");
        byte[] copy = w.toByteArray();
        w.putU32(0, 0x0a0b_0c0dL);
        assertEquals(0x0a, view[0], "the view sees later writes");
        assertArrayEquals(new byte[] {1, 2}, copy, "the copy does not");
    }
}
