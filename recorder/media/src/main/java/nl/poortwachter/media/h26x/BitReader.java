package nl.poortwachter.media.h26x;

/** Reads bits and Exp-Golomb codes from a NAL unit payload, skipping emulation-prevention bytes (00 00 03). */
final class BitReader {
    private final byte[] rbsp;
    private final int length;
    private int bit;

    /** The bytes {@code [from, to)}; none when {@code to <= from} (a NAL unit shorter than its header). */
    BitReader(byte[] nal, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < to; i++) {
            int b = nal[i] & 0xff;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        this.rbsp = out;
        this.length = n;
    }

    int bits(int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    long longBits(int count) {
        long v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    int bit() {
        if (bit >= length * 8) {
            throw new IllegalArgumentException("parameter set ends early");
        }
        int v = (rbsp[bit >> 3] >> (7 - (bit & 7))) & 1;
        bit++;
        return v;
    }

    void skip(int count) {
        bit += count;
    }

    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("bad Exp-Golomb code");
            }
        }
        long v = (1L << zeros) - 1 + longBits(zeros);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Exp-Golomb value out of range"); // none of the fields we read gets near
        }
        return (int) v;
    }

    int se() {
        int v = ue();
        return (v & 1) == 1 ? (int) ((v + 1L) / 2) : -(v / 2);
    }
}
