package nl.poortwachter.media.h26x;

import java.io.ByteArrayOutputStream;

/**
 * Writes what {@link BitReader} reads: bits and Exp-Golomb codes, then a NAL unit with emulation-prevention bytes
 * inserted as an encoder must (H.264/H.265 7.4.2: no 00 00 0x with x <= 3 inside the payload). Lets a test make
 * parameter sets with exactly the fields it wants, including ones no camera at hand sends.
 */
final class BitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int used;

    BitWriter bits(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bit((int) (value >>> i) & 1);
        }
        return this;
    }

    BitWriter bit(int b) {
        current = current << 1 | b;
        if (++used == 8) {
            bytes.write(current);
            current = 0;
            used = 0;
        }
        return this;
    }

    /** ue(v): {@code value + 1} in binary, preceded by one zero less than its length. */
    BitWriter ue(long value) {
        long code = value + 1;
        int length = 64 - Long.numberOfLeadingZeros(code);
        return bits(0, length - 1).bits(code, length);
    }

    /** se(v): 0, 1, -1, 2, -2, … as ue 0, 1, 2, 3, 4, … */
    BitWriter se(long value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** The bits so far, the last byte filled with the RBSP stop bit and zeros. */
    byte[] rbsp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] done = bytes.toByteArray();
        out.write(done, 0, done.length);
        out.write((current << 1 | 1) << (7 - used));
        return out.toByteArray();
    }

    /** A NAL unit: the header bytes, then the RBSP with emulation prevention. */
    byte[] nal(int... header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int h : header) {
            out.write(h);
        }
        int zeros = 0;
        for (byte b : rbsp()) {
            int v = b & 0xff;
            if (zeros >= 2 && v <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }
}
