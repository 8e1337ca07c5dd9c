package nl.poortwachter.media.fuzzing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Checks the box structure of fMP4 bytes we wrote: every box's size covers exactly its children. */
public final class Boxes {
    /** Containers, with the bytes between their header and their first child (a full box's version/flags, counts). */
    private static final Map<String, Integer> CONTAINERS = Map.ofEntries(
            Map.entry("moov", 0), Map.entry("trak", 0), Map.entry("mdia", 0), Map.entry("minf", 0),
            Map.entry("dinf", 0), Map.entry("stbl", 0), Map.entry("mvex", 0), Map.entry("moof", 0),
            Map.entry("traf", 0), Map.entry("dref", 8), Map.entry("stsd", 8),
            Map.entry("avc1", 78), Map.entry("hvc1", 78));

    private Boxes() {
    }

    public static void assertWellFormed(byte[] bytes) {
        walk(ByteBuffer.wrap(bytes), 0, bytes.length, "");
    }

    private static void walk(ByteBuffer b, int from, int to, String path) {
        int p = from;
        while (p < to) {
            assertTrue(to - p >= 8, () -> path + ": " + (to - from) + " bytes are not whole boxes");
            long size = b.getInt(p) & 0xffffffffL;
            String type = new String(new byte[] {b.get(p + 4), b.get(p + 5), b.get(p + 6), b.get(p + 7)},
                    StandardCharsets.ISO_8859_1);
            if (size < 8 || p + size > to) {
                fail(path + "/" + type + ": size " + size + " does not fit in its parent");
            }
            Integer skip = CONTAINERS.get(type);
            if (skip != null) {
                assertTrue(8 + skip <= size, () -> path + "/" + type + " is shorter than its fixed fields");
                walk(b, p + 8 + skip, (int) (p + size), path + "/" + type);
            }
            p += (int) size;
        }
    }
}
