package nl.poortwachter.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian buffer that writes ISO-BMFF boxes; {@link #begin} / {@link #end} patch box sizes. */
final class BoxWriter {
    private byte[] buf;
    private int pos;

    BoxWriter(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        pos = 0;
    }

    int position() {
        return pos;
    }

    int begin(String type) {
        int start = pos;
        u32(0);
        fourcc(type);
        return start;
    }

    int beginFull(String type, int version, int flags) {
        int start = begin(type);
        u32(version << 24 | flags);
        return start;
    }

    void end(int start) {
        putU32(start, pos - start);
    }

    void putU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        putU32(pos, v);
        pos += 4;
    }

    void u64(long v) {
        u32(v >>> 32);
        u32(v & 0xffffffffL);
    }

    void zeros(int n) {
        ensure(n);
        Arrays.fill(buf, pos, pos + n, (byte) 0);
        pos += n;
    }

    void fourcc(String type) {
        bytes(type.getBytes(StandardCharsets.US_ASCII));
    }

    void bytes(byte[] b) {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** The internal array (valid up to {@link #position()}); no copy. */
    byte[] toByteArrayView() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
