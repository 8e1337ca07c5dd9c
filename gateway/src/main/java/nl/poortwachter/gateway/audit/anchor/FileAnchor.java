package nl.poortwachter.gateway.audit.anchor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nl.poortwachter.gateway.audit.Anchors;
import nl.poortwachter.gateway.audit.Checkpoint;
import nl.poortwachter.recorder.storage.OwnerOnly;

/**
 * Appends each checkpoint as one JSON line to a file, meant to be on other storage than the log (a mounted share, a
 * WORM volume), and forces it to disk before the next: a checkpoint the gateway has sent is there after a crash.
 * The file is never read back or rewritten by the gateway, except its last lines at start-up ({@link AnchorCopy}).
 */
final class FileAnchor implements AnchorSink {
    private final Path file;
    private FileChannel channel;

    FileAnchor(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void deliver(Checkpoint c) throws IOException {
        if (channel == null) {
            if (file.toAbsolutePath().getParent() != null) {
                OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
            }
            channel = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        ByteBuffer line = ByteBuffer.wrap((Anchors.line(c) + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(true);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was pending: every line was forced before
            }
            channel = null;
        }
    }
}
