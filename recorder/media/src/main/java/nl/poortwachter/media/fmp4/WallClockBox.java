package nl.poortwachter.media.fmp4;

import java.nio.ByteBuffer;

/**
 * A fragment's wall-clock time, in the file: ISO/IEC 14496-12's ProducerReferenceTimeBox ({@code prft}, version 1)
 * in front of each {@code moof}. Our meaning (docs/time.md): its NTP timestamp is the wall-clock time the index
 * gives the fragment, and its media time is the fragment's base media decode time ({@code tfdt}). Players skip it;
 * recovery reads it, so a file rebuilt after a crash gets the times the index had given it.
 */
final class WallClockBox {
    static final int SIZE = 32;
    /** Seconds from 1900 (NTP's epoch) to 1970. */
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    private WallClockBox() {
    }

    static void write(byte[] out, int at, long wallClockMillis, long mediaTime) {
        ByteBuffer b = ByteBuffer.wrap(out, at, SIZE);
        b.putInt(SIZE).put((byte) 'p').put((byte) 'r').put((byte) 'f').put((byte) 't');
        b.putInt(1 << 24); // version 1, flags 0
        b.putInt(InitSegment.TRACK_ID);
        b.putLong(ntp(wallClockMillis));
        b.putLong(mediaTime);
    }

    /** @return the wall-clock time (epoch ms) of a prft box starting at {@code start}, or {@link Long#MIN_VALUE} */
    static long wallClockMillis(ByteBuffer b, int start, int size) {
        if (size < SIZE || (b.get(start + 8) & 0xff) != 1) {
            return Long.MIN_VALUE;
        }
        return millis(b.getLong(start + 16));
    }

    static long ntp(long unixMillis) {
        long seconds = Math.floorDiv(unixMillis, 1000);
        long ms = Math.floorMod(unixMillis, 1000);
        return (seconds + NTP_UNIX_OFFSET) << 32 | (ms << 32) / 1000;
    }

    /** NTP seconds wrap in 2036 (era 1): a value with the top bit clear is read in era 1 (RFC 4330, 1968..2104). */
    static long millis(long ntp) {
        long ntpSeconds = ntp >>> 32;
        if (ntpSeconds < 0x80000000L) {
            ntpSeconds += 1L << 32;
        }
        long seconds = ntpSeconds - NTP_UNIX_OFFSET;
        long fraction = ntp & 0xffffffffL;
        return seconds * 1000 + ((fraction * 1000 + (1L << 31)) >>> 32);
    }
}
