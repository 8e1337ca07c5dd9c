package nl.poortwachter.media.fmp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the box structure of a segment file written by {@link Fmp4Muxer}: the init segment and every
 * complete moof+mdat pair. Used at start-up to index files that a crash left without a row, and to cut off
 * a fragment that was being written when the process died.
 */
public final class Fmp4FileScanner {

    /** One complete fragment in a file. */
    public record FragmentInfo(long offset, long size, long baseMediaTime, long duration, boolean keyframe) {
    }

    /**
     * @param initLength  bytes of ftyp+moov, or 0 if the file has no complete init segment
     * @param validLength bytes up to the end of the last complete fragment; the rest is a torn write
     */
    public record Scan(String sampleEntry, int width, int height, long initLength, List<FragmentInfo> fragments,
                       long validLength, long fileLength) {
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
            while (pos + 8 <= length) {
                header.clear();
                readFully(ch, header, pos);
                long size = header.getInt(0) & 0xffffffffL;
                String type = new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
                if (size < 8 || pos + size > length) {
                    break;
                }
                switch (type) {
                    case "ftyp" -> { }
                    case "moov" -> {
                        ByteBuffer moov = read(ch, pos, size);
                        int[] dims = new int[2];
                        entry = findSampleEntry(moov, dims);
                        width = dims[0];
                        height = dims[1];
                        initLength = pos + size;
                        valid = initLength;
                    }
                    case "moof" -> {
                        if (size > 1 << 20) {
                            return new Scan(entry, width, height, initLength, fragments, valid, length);
                        }
                        pendingMoof = parseMoof(read(ch, pos, size));
                        pendingMoofStart = pos;
                        if (!fragments.isEmpty() && pendingMoof.baseMediaTime() < fragments.get(fragments.size() - 1).baseMediaTime()) {
                            // The muxer's decode times only increase: a fragment that starts earlier is damage.
                            return new Scan(entry, width, height, initLength, fragments, valid, length);
                        }
                    }
                    case "mdat" -> {
                        if (pendingMoof != null) {
                            fragments.add(new FragmentInfo(pendingMoofStart, pos + size - pendingMoofStart,
                                    pendingMoof.baseMediaTime(), pendingMoof.duration(), pendingMoof.keyframe()));
                            valid = pos + size;
                            pendingMoof = null;
                        }
                    }
                    default -> {
                        return new Scan(entry, width, height, initLength, fragments, valid, length);
                    }
                }
                pos += size;
            }
            return new Scan(entry, width, height, initLength, fragments, valid, length);
        }
    }

    private static FragmentInfo parseMoof(ByteBuffer moof) {
        long base = 0;
        long duration = 0;
        boolean key = false;
        int end = moof.limit();
        int p = 8;
        while (p + 8 <= end) {
            int size = moof.getInt(p);
            String type = fourcc(moof, p + 4);
            if (size < 8 || p + size > end) {
                break;
            }
            if (type.equals("traf")) {
                int q = p + 8;
                while (q + 8 <= p + size) {
                    int s = moof.getInt(q);
                    String t = fourcc(moof, q + 4);
                    if (s < 8) {
                        break;
                    }
                    if (t.equals("tfdt")) {
                        int version = moof.get(q + 8) & 0xff;
                        base = version == 1 ? moof.getLong(q + 12) : moof.getInt(q + 12) & 0xffffffffL;
                    } else if (t.equals("trun")) {
                        int flags = moof.getInt(q + 8) & 0xffffff;
                        int count = moof.getInt(q + 12);
                        int r = q + 16;
                        if ((flags & 0x1) != 0) {
                            r += 4;
                        }
                        int firstFlags = -1;
                        if ((flags & 0x4) != 0) {
                            firstFlags = moof.getInt(r);
                            r += 4;
                        }
                        for (int i = 0; i < count; i++) {
                            if ((flags & 0x100) != 0) {
                                duration += moof.getInt(r) & 0xffffffffL;
                                r += 4;
                            }
                            if ((flags & 0x200) != 0) {
                                r += 4;
                            }
                            if ((flags & 0x400) != 0) {
                                if (i == 0) {
                                    firstFlags = moof.getInt(r);
                                }
                                r += 4;
                            }
                            if ((flags & 0x800) != 0) {
                                r += 4;
                            }
                        }
                        key = firstFlags >= 0 && (firstFlags & 0x00010000) == 0;
                    }
                    q += s;
                }
            }
            p += size;
        }
        return new FragmentInfo(0, 0, base, duration, key);
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
