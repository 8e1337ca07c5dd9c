package nl.poortwachter.media.h26x;

/**
 * Finds NAL units in an Annex-B byte stream (00 00 01 / 00 00 00 01 start codes), as FFmpeg's RTSP demuxer
 * hands them out. Reuses its offset arrays: one scanner per ingest thread, no allocation per packet.
 */
public final class NalScanner {
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;

    /** Scans {@code data[0, length)}; returns the number of NAL units found. */
    public int scanAnnexB(byte[] data, int length) {
        count = 0;
        int i = 0;
        int nalStart = -1;
        while (i + 2 < length) {
            if ((data[i + 2] & 0xff) > 1) {
                i += 3;
                continue;
            }
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (nalStart >= 0) {
                    add(nalStart, trimTrailingZeros(data, nalStart, i));
                }
                nalStart = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (nalStart >= 0 && nalStart < length) {
            add(nalStart, length);
        }
        return count;
    }

    /** Scans length-prefixed (AVCC/HVCC, 4-byte lengths) data; returns the number of NAL units or -1 if malformed. */
    public int scanLengthPrefixed(byte[] data, int length) {
        count = 0;
        int i = 0;
        while (i + 4 <= length) {
            int n = (data[i] & 0xff) << 24 | (data[i + 1] & 0xff) << 16 | (data[i + 2] & 0xff) << 8 | (data[i + 3] & 0xff);
            if (n <= 0 || n > length - i - 4) { // not i + 4 + n > length: that overflows for n near 2^31
                return -1;
            }
            add(i + 4, i + 4 + n);
            i += 4 + n;
        }
        return i == length ? count : -1;
    }

    /** True when data looks like Annex B (starts with a start code). */
    public static boolean isAnnexB(byte[] data, int length) {
        return length >= 4 && data[0] == 0 && data[1] == 0
                && (data[2] == 1 || (data[2] == 0 && data[3] == 1));
    }

    private static int trimTrailingZeros(byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--;
        }
        return to;
    }

    private void add(int start, int end) {
        if (end <= start) {
            return;
        }
        if (count == starts.length) {
            starts = java.util.Arrays.copyOf(starts, count * 2);
            ends = java.util.Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    public int count() {
        return count;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public int length(int i) {
        return ends[i] - starts[i];
    }
}
