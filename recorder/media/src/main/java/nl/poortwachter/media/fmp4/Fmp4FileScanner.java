package nl.poortwachter.media.fmp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the box structure of a segment file written by {@link Fmp4Muxer}: the init segment (with what the file
 * says about its session, {@link SessionBox}) and every complete [prft+]moof+mdat fragment with its wall-clock time.
 * Used at start-up to index files that a crash left without a row, and to cut off a fragment that was being written
 * when the process died.
 */
public final class Fmp4FileScanner {
    /** The largest moov or moof read whole: the muxer writes a few KiB; a larger one is not a file of ours. */
    private static final long MAX_HEADER_BOX = 1 << 20;

    /**
     * One complete fragment in a file; {@code offset} is where its first box starts (the prft, if it has one).
     *
     * @param wallClockMillis from its prft box, or {@link Long#MIN_VALUE} (files written before fragments carried it)
     */
    public record FragmentInfo(long offset, long size, long baseMediaTime, long duration, boolean keyframe,
                               long wallClockMillis) {
    }

    /**
     * @param initLength  bytes of ftyp+moov, or 0 if the file has no complete init segment
     * @param validLength bytes up to the end of the last complete fragment in order; the rest is a torn write
     *                    or damage (see {@link Fmp4FileScanner#scan})
     */
    public record Scan(String sampleEntry, int width, int height, long initLength, List<FragmentInfo> fragments,
                       long validLength, long fileLength, SessionBox session) {
        public boolean playable() {
            return initLength > 0 && !fragments.isEmpty();
        }

        public long mediaDuration() {
            if (fragments.isEmpty()) {
                return 0;
            }
            FragmentInfo last = fragments.get(fragments.size() - 1);
            return last.baseMediaTime() + last.duration() - fragments.get(0).baseMediaTime();
        }
    }

    private Fmp4FileScanner() {
    }

    /**
     * Reads the file's boxes as the muxer writes them: ftyp, one moov, then [prft+]moof+mdat fragments. The scan ends at the
     * first box that does not fit that order or that is damaged (sizes that do not nest, a moov or moof over
     * {@link #MAX_HEADER_BOX}, a fragment without an init segment before it or starting earlier than the one
     * before it); what follows counts as torn, as the tail of a crashed write does.
     *
     * @throws IOException only when the file cannot be read
     */
    public static Scan scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            long pos = 0;
            long initLength = 0;
            String entry = null;
            int width = 0;
            int height = 0;
            List<FragmentInfo> fragments = new ArrayList<>();
            long valid = 0;
            ByteBuffer header = ByteBuffer.allocate(8);
            FragmentInfo pendingMoof = null;
            long pendingMoofStart = 0;
            SessionBox session = null;
            long pendingWall = Long.MIN_VALUE;
            long pendingWallStart = -1;
            scan:
            while (pos + 8 <= length) {
                header.clear();
                readFully(ch, header, pos);
                long size = header.getInt(0) & 0xffffffffL;
                String type = new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
                if (size < 8 || size > length - pos) {
                    break;
                }
                switch (type) {
                    case "ftyp" -> {
                        if (initLength > 0) {
                            break scan;
                        }
                    }
                    case "moov" -> {
                        if (initLength > 0 || size > MAX_HEADER_BOX) {
                            break scan; // a second init segment, or not one the muxer wrote
                        }
                        ByteBuffer moov = read(ch, pos, size);
                        int[] dims = new int[2];
                        entry = findSampleEntry(moov, dims);
                        width = dims[0];
                        height = dims[1];
                        session = findSession(moov);
                        initLength = pos + size;
                        valid = initLength;
                    }
                    case "prft" -> {
                        if (initLength == 0 || size > MAX_HEADER_BOX) {
                            break scan;
                        }
                        pendingWall = WallClockBox.wallClockMillis(read(ch, pos, size), 0, (int) size);
                        pendingWallStart = pos;
                    }
                    case "moof" -> {
                        if (initLength == 0 || size > MAX_HEADER_BOX) {
                            break scan; // footage before its init segment cannot be played
                        }
                        pendingMoof = parseMoof(read(ch, pos, size));
                        // A prft right in front belongs to this fragment, which then starts there.
                        pendingMoofStart = pendingWallStart >= 0 && pendingWallStart + WallClockBox.SIZE == pos ? pendingWallStart : pos;
                        long previousTime = fragments.isEmpty() ? 0 : fragments.get(fragments.size() - 1).baseMediaTime();
                        // The muxer's decode times only increase: a fragment that starts earlier is damage.
                        if (pendingMoof == null || pendingMoof.baseMediaTime() < previousTime) {
                            break scan;
                        }
                    }
                    case "mdat" -> {
                        if (pendingMoof != null) {
                            boolean timed = pendingMoofStart == pendingWallStart;
                            fragments.add(new FragmentInfo(pendingMoofStart, pos + size - pendingMoofStart,
                                    pendingMoof.baseMediaTime(), pendingMoof.duration(), pendingMoof.keyframe(),
                                    timed ? pendingWall : Long.MIN_VALUE));
                            valid = pos + size;
                            pendingMoof = null;
                            pendingWallStart = -1;
                        }
                    }
                    default -> {
                        break scan;
                    }
                }
                pos += size;
            }
            return new Scan(entry, width, height, initLength, fragments, valid, length, session);
        }
    }

    /** A moof's decode time, duration and key flag; null if its boxes do not nest or fit, or its time overflows. */
    private static FragmentInfo parseMoof(ByteBuffer moof) {
        long base = 0;
        long duration = 0;
        boolean key = false;
        int end = moof.limit();
        int p = 8;
        while (p < end) {
            int size = childSize(moof, p, end);
            if (size < 0) {
                return null;
            }
            if (fourcc(moof, p + 4).equals("traf")) {
                int trafEnd = p + size;
                int q = p + 8;
                while (q < trafEnd) {
                    int s = childSize(moof, q, trafEnd);
                    if (s < 0) {
                        return null;
                    }
                    String t = fourcc(moof, q + 4);
                    if (t.equals("tfdt")) {
                        int version = s >= 12 ? moof.get(q + 8) & 0xff : -1;
                        if (s < (version == 1 ? 20 : 16)) {
                            return null;
                        }
                        base = version == 1 ? moof.getLong(q + 12) : moof.getInt(q + 12) & 0xffffffffL;
                        if (base < 0) {
                            return null; // 2^63 ticks and more: not a time the muxer writes
                        }
                    } else if (t.equals("trun")) {
                        Trun run = Trun.read(moof, q, q + s);
                        if (run == null) {
                            return null;
                        }
                        duration += run.duration;
                        key = run.firstFlags >= 0 && (run.firstFlags & 0x00010000) == 0;
                    }
                    q += s;
                }
            }
            p += size;
        }
        return base > Long.MAX_VALUE - duration ? null : new FragmentInfo(0, 0, base, duration, key, Long.MIN_VALUE);
    }

    /** moov/udta/uuid of ours, or null. */
    private static SessionBox findSession(ByteBuffer moov) {
        int udta = find(moov, 8, moov.limit(), "udta");
        if (udta < 0) {
            return null;
        }
        int end = udta + moov.getInt(udta);
        int p = udta + 8;
        while (p < end) {
            int size = childSize(moov, p, end);
            if (size < 0) {
                return null;
            }
            if (fourcc(moov, p + 4).equals("uuid")) {
                SessionBox s = SessionBox.parse(moov, p, size);
                if (s != null) {
                    return s;
                }
            }
            p += size;
        }
        return null;
    }

    /** The size of the box at {@code p}, or -1 if it is shorter than a header or runs past {@code end}. */
    private static int childSize(ByteBuffer b, int p, int end) {
        if (end - p < 8) {
            return -1;
        }
        int size = b.getInt(p);
        return size < 8 || size > end - p ? -1 : size;
    }

    /** What a trun box says of its samples: their total duration and the first one's flags (-1 if none). */
    private record Trun(long duration, int firstFlags) {
        static Trun read(ByteBuffer b, int from, int to) {
            if (to - from < 16) {
                return null;
            }
            int flags = b.getInt(from + 8) & 0xffffff;
            long count = b.getInt(from + 12) & 0xffffffffL;
            int r = from + 16;
            if ((flags & 0x1) != 0) {
                r += 4;
            }
            int firstFlags = -1;
            if ((flags & 0x4) != 0) {
                if (to - r < 4) {
                    return null;
                }
                firstFlags = b.getInt(r);
                r += 4;
            }
            int perSample = 4 * Integer.bitCount(flags & 0xf00);
            // The samples must fit the box: more is damage, and reading them would run past it.
            if (r > to || count * perSample > to - r) {
                return null;
            }
            long duration = 0;
            for (int i = 0; perSample > 0 && i < count; i++) {
                int sample = r + i * perSample;
                if ((flags & 0x100) != 0) {
                    duration += b.getInt(sample) & 0xffffffffL;
                }
                if (i == 0 && (flags & 0x400) != 0) {
                    firstFlags = b.getInt(sample + ((flags & 0x100) != 0 ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0));
                }
            }
            return new Trun(duration, firstFlags);
        }
    }

    /** Walks moov/trak/mdia/minf/stbl/stsd to the first sample entry; returns its type and fills width/height. */
    private static String findSampleEntry(ByteBuffer moov, int[] dims) {
        int stsd = find(moov, 8, moov.limit(), "trak", "mdia", "minf", "stbl", "stsd");
        if (stsd < 0) {
            return null;
        }
        int entry = stsd + 16;
        if (entry + 36 > moov.limit()) {
            return null;
        }
        dims[0] = moov.getShort(entry + 32) & 0xffff;
        dims[1] = moov.getShort(entry + 34) & 0xffff;
        return fourcc(moov, entry + 4);
    }

    private static int find(ByteBuffer b, int from, int to, String... path) {
        int p = from;
        for (int level = 0; level < path.length; level++) {
            boolean found = false;
            while (p + 8 <= to) {
                int size = b.getInt(p);
                if (size < 8 || p + size > to) {
                    return -1;
                }
                if (fourcc(b, p + 4).equals(path[level])) {
                    if (level == path.length - 1) {
                        return p;
                    }
                    to = p + size;
                    p += 8;
                    found = true;
                    break;
                }
                p += size;
            }
            if (!found) {
                return -1;
            }
        }
        return -1;
    }

    private static String fourcc(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        for (int i = 0; i < 4; i++) {
            t[i] = b.get(at + i);
        }
        return new String(t, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ByteBuffer read(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) size);
        readFully(ch, b, pos);
        b.flip();
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}
