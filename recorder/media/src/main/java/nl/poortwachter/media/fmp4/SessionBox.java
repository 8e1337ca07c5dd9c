package nl.poortwachter.media.fmp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a recording file says about itself (docs/time.md): which camera and session recorded it, when that session
 * was opened, and the time anchor of the session (the wall-clock time given to one media time: the first picture's
 * arrival at media time 0). Written into the init segment as {@code moov/udta/uuid} with our own 16-byte type, so
 * every player skips it and crash recovery finds it without the file's name or mtime. Each fragment carries its
 * own wall-clock time as well ({@link WallClockBox}).
 * <p>Payload, big-endian: version (u8, 1), opened-at ms (s64), anchor wall ms (s64), anchor media time in
 * {@link InitSegment#TIMESCALE} ticks (s64), then camera id and session id as UTF-8, each after a u16 length.
 */
public record SessionBox(String cameraId, String sessionId, long openedAtMillis, long anchorWallMillis,
                         long anchorMediaTicks) {

    /** Our own box type inside {@code uuid}: the 16 ASCII bytes "poortwachtertime". */
    static final byte[] USER_TYPE = "poortwachtertime".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** Appends {@code udta} holding our {@code uuid} box (inside moov). */
    void write(BoxWriter w) {
        int udta = w.begin("udta");
        int uuid = w.begin("uuid");
        w.bytes(USER_TYPE);
        w.u8(VERSION);
        w.u64(openedAtMillis);
        w.u64(anchorWallMillis);
        w.u64(anchorMediaTicks);
        text(w, cameraId);
        text(w, sessionId);
        w.end(uuid);
        w.end(udta);
    }

    private static void text(BoxWriter w, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.u16(Math.min(b.length, 0xffff));
        w.bytes(b, 0, Math.min(b.length, 0xffff));
    }

    /**
     * @param box a {@code uuid} box, header included, positioned at its start
     * @return the session, or null when the box is another one's or not one we can read
     */
    static SessionBox parse(ByteBuffer box, int start, int size) {
        if (size < 8 + 16 + 1 + 24 + 4) {
            return null;
        }
        for (int i = 0; i < 16; i++) {
            if (box.get(start + 8 + i) != USER_TYPE[i]) {
                return null;
            }
        }
        int p = start + 24;
        if ((box.get(p) & 0xff) != VERSION) {
            return null;
        }
        long opened = box.getLong(p + 1);
        long anchorWall = box.getLong(p + 9);
        long anchorMedia = box.getLong(p + 17);
        p += 25;
        int end = start + size;
        String[] texts = new String[2];
        for (int t = 0; t < 2; t++) {
            if (p + 2 > end) {
                return null;
            }
            int n = box.getShort(p) & 0xffff;
            if (p + 2 + n > end) {
                return null;
            }
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = box.get(p + 2 + i);
            }
            texts[t] = new String(b, StandardCharsets.UTF_8);
            p += 2 + n;
        }
        return new SessionBox(texts[0], texts[1], opened, anchorWall, anchorMedia);
    }
}
