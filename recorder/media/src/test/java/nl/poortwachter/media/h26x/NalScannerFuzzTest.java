package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NAL units of a packet as the camera (through FFmpeg's demuxer) or our depacketiser hands it over, in
 * Annex B or with 4-byte lengths (docs/fuzzing.md). Contract: exactly the units a plain reading of the two
 * formats finds (compared with the simple readers below), never an exception.
 */
@ExtendWith(FuzzedForReal.class)
class NalScannerFuzzTest {
    private final NalScanner scanner = new NalScanner();

    @FuzzTest
    void scan(byte[] data) {
        FuzzedForReal.saw(data);
        // Also a length shorter than the array: callers pass reused buffers.
        for (int length : new int[] {data.length, data.length / 2}) {
            int n = scanner.scanAnnexB(data, length);
            assertArrayEquals(annexB(data, length), ranges(n), "Annex B units of " + length + " bytes");
            n = scanner.scanLengthPrefixed(data, length);
            long[] expected = lengthPrefixed(data, length);
            if (expected == null) {
                assertEquals(-1, n, "malformed length-prefixed data must give -1");
            } else {
                assertArrayEquals(expected, ranges(n), "length-prefixed units of " + length + " bytes");
            }
        }
    }

    private long[] ranges(int n) {
        long[] out = new long[Math.max(n, 0)];
        for (int i = 0; i < n; i++) {
            out[i] = (long) scanner.start(i) << 32 | scanner.end(i);
        }
        return out;
    }

    /** Every 00 00 01 starts a unit, which runs to the next one less its trailing zero bytes; empty ones do not count. */
    private static long[] annexB(byte[] d, int length) {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i + 2 < length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                codes.add(i);
                i += 2;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < codes.size(); k++) {
            int start = codes.get(k) + 3;
            int end = k + 1 < codes.size() ? codes.get(k + 1) : length;
            if (k + 1 < codes.size()) {
                while (end > start && d[end - 1] == 0) {
                    end--;
                }
            }
            if (end > start) {
                out.add((long) start << 32 | end);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** 4-byte big-endian lengths, each above zero, tiling the data exactly; null if they do not. */
    private static long[] lengthPrefixed(byte[] d, int length) {
        List<Long> out = new ArrayList<>();
        long i = 0;
        while (i + 4 <= length) {
            int p = (int) i;
            long n = (d[p] & 0xffL) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | d[p + 3] & 0xff;
            if (n == 0 || n > 0x7fffffffL || i + 4 + n > length) {
                return null;
            }
            out.add((i + 4) << 32 | (i + 4 + n));
            i += 4 + n;
        }
        return i == length ? out.stream().mapToLong(Long::longValue).toArray() : null;
    }
}
