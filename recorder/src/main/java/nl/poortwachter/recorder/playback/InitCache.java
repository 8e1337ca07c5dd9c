package nl.poortwachter.recorder.playback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of segment files' init segments, without what an init segment says about its session (camera, session,
 * time anchor: docs/time.md): equal hashes mean one decoder configuration, so two sessions of a camera in the same
 * format play and export as one. Segment files never change once written, so a hash is read once; the key includes
 * the path because SQLite may reuse the id of a deleted newest row.
 */
public final class InitCache {
    private static final int MAX_ENTRIES = 20_000;
    /** An init segment is about a kilobyte; anything much larger is not one. */
    static final int MAX_INIT_BYTES = 1 << 20;

    private final Map<String, String> hashes = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public String hash(long segmentId, Path file, long initLength) throws IOException {
        String key = segmentId + ":" + file;
        synchronized (hashes) {
            String h = hashes.get(key);
            if (h != null) {
                return h;
            }
        }
        String h = sha256(nl.poortwachter.media.fmp4.InitSegment.decoderPart(read(file, initLength)));
        synchronized (hashes) {
            hashes.put(key, h);
        }
        return h;
    }

    /** A hash another node computed for a file it holds (D77), under {@code key}; null when not known here. */
    String remote(String key) {
        synchronized (hashes) {
            return hashes.get(key);
        }
    }

    void rememberRemote(String key, String hash) {
        synchronized (hashes) {
            hashes.put(key, hash);
        }
    }

    public static byte[] read(Path file, long initLength) throws IOException {
        if (initLength <= 0 || initLength > MAX_INIT_BYTES) {
            throw new IOException("implausible init segment length " + initLength + " in " + file.getFileName());
        }
        ByteBuffer b = ByteBuffer.allocate((int) initLength);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) {
                    throw new IOException("file shorter than its init segment: " + file.getFileName());
                }
            }
        }
        return b.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
