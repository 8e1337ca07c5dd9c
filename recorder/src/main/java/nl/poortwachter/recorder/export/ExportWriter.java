package nl.poortwachter.recorder.export;

import nl.poortwachter.recorder.storage.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.playback.InitCache;
import nl.poortwachter.recorder.playback.MediaFragment;
import nl.poortwachter.recorder.playback.PeerFootage;
import nl.poortwachter.recorder.playback.SourceFile;

/**
 * Writes one standalone fragmented MP4 from stored fragments, without decoding: the init segment once, then each
 * fragment with its sequence number renumbered and its decode time rebased so the file starts at 0 and footage
 * from later sessions sits at its wall-clock offset (a gap stays a gap in time, never filled with pictures).
 * Every fragment must share one init segment; a change of video format inside the range is refused.
 */
final class ExportWriter {

    /** What was written. {@code gaps} are wall-clock holes inside the exported footage. */
    record Written(long bytes, String sha256, Instant start, Instant end, int sourceFiles, List<Instant[]> gaps) {
    }

    private ExportWriter() {
    }

    /** @param peers reads the fragments of files another node holds (D77) */
    static Written write(List<MediaFragment> fragments, Path target, PeerFootage peers) throws IOException {
        if (fragments.isEmpty()) {
            throw new IOException("no footage in the range");
        }
        MediaFragment first = fragments.get(0);
        for (MediaFragment f : fragments) {
            if (!f.file().sameInit(first.file())) {
                throw new FormatChangeException(Instant.ofEpochMilli(f.wallMillis()));
            }
        }
        MessageDigest sha = sha256();
        Map<Path, FileChannel> sources = new HashMap<>();
        List<Instant[]> gaps = new ArrayList<>();
        long written = 0;
        try (FileChannel out = OwnerOnly.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            SourceFile head = first.file();
            byte[] init = head.remote() != null
                    ? peers.read(head.remote(), head.segmentId(), 0, Math.toIntExact(head.initLength()))
                    : InitCache.read(head.path(), head.initLength());
            written += write(out, init, sha);
            long delta = -first.mediaTime();
            long nextOut = 0;
            long sequence = 0;
            MediaFragment prev = null;
            for (MediaFragment f : fragments) {
                if (f.discontinuity() && prev != null) {
                    // A new session (or a gap): place it at its wall-clock distance from the start, never earlier
                    // than where the previous footage ended.
                    long atWall = (f.wallMillis() - first.wallMillis()) * 90;
                    delta = Math.max(nextOut, atWall) - f.mediaTime();
                    if (f.wallMillis() - prev.endWallMillis() > 1000) {
                        gaps.add(new Instant[] {Instant.ofEpochMilli(prev.endWallMillis()), Instant.ofEpochMilli(f.wallMillis())});
                    }
                }
                byte[] bytes = f.file().remote() != null
                        ? peers.read(f.file().remote(), f.file().segmentId(), f.offset(), checkedSize(f))
                        : read(sources, f);
                long base = f.mediaTime() + delta;
                FragmentRewriter.rewrite(bytes, ++sequence, base);
                written += write(out, bytes, sha);
                nextOut = base + f.duration();
                prev = f;
            }
            out.force(true);
        } finally {
            for (FileChannel ch : sources.values()) {
                ch.close();
            }
        }
        MediaFragment last = fragments.get(fragments.size() - 1);
        long files = fragments.stream().map(f -> f.file().segmentId()).distinct().count();
        return new Written(written, HexFormat.of().formatHex(sha.digest()), Instant.ofEpochMilli(first.wallMillis()),
                Instant.ofEpochMilli(last.endWallMillis()), (int) files, gaps);
    }

    private static int checkedSize(MediaFragment f) throws IOException {
        if (f.size() > 64L << 20) {
            throw new IOException("implausible fragment size " + f.size());
        }
        return (int) f.size();
    }

    private static byte[] read(Map<Path, FileChannel> sources, MediaFragment f) throws IOException {
        checkedSize(f);
        FileChannel ch = sources.get(f.file().path());
        if (ch == null) {
            // Only the current file is kept open: fragments come file after file.
            for (FileChannel old : sources.values()) {
                old.close();
            }
            sources.clear();
            ch = FileChannel.open(f.file().path(), StandardOpenOption.READ);
            sources.put(f.file().path(), ch);
        }
        ByteBuffer b = ByteBuffer.allocate((int) f.size());
        while (b.hasRemaining()) {
            if (ch.read(b, f.offset() + b.position()) < 0) {
                throw new IOException("segment file shorter than its index says: " + f.file().path().getFileName());
            }
        }
        return b.array();
    }

    private static long write(FileChannel out, byte[] bytes, MessageDigest sha) throws IOException {
        sha.update(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b);
        }
        return bytes.length;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** The range holds footage of two video formats (codec, resolution or parameter sets changed). */
    static final class FormatChangeException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatChangeException(Instant at) {
            super("the video format changes at " + at + " (new resolution or encoder settings); export the parts "
                    + "before and after that instant separately");
        }
    }
}
