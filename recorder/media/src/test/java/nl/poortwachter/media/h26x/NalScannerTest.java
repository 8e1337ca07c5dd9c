package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NalScannerTest {
    private final NalScanner scanner = new NalScanner();

    @Test
    void lengthPrefixedUnitsTileTheData() {
        byte[] data = {0, 0, 0, 2, 0x65, 1, 0, 0, 0, 1, 0x41};
        assertEquals(2, scanner.scanLengthPrefixed(data, data.length));
        assertEquals(4, scanner.start(0));
        assertEquals(10, scanner.start(1));
        assertEquals(1, scanner.length(1));
    }

    /**
     * Fuzzing finding: a length near 2^31 overflowed the bounds check, the position went negative and the next
     * read threw ArrayIndexOutOfBoundsException instead of reporting malformed data.
     */
    @Test
    void aLengthNearIntMaxIsMalformed() {
        byte[] data = {0, 0, 0, 1, 0x65, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        assertEquals(-1, scanner.scanLengthPrefixed(data, data.length));
    }
}
