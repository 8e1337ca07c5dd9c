package nl.poortwachter.recorder.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.fmp4.SessionBox;
import nl.poortwachter.recorder.fanout.FragmentListener;
import nl.poortwachter.recorder.logging.Log;

/**
 * Cuts one camera's fragment stream into segment files of about {@code segmentMillis}, each starting with
 * the init segment and a keyframe so it plays on its own. Order of work makes a crash harmless: the row is
 * committed before the file exists, each fragment is written whole before its seek point is queued, and at
 * close the file is forced to disk before the row is marked complete. Runs on a disk worker, never on the
 * camera's thread.
 * <p>Times (docs/time.md): a fragment starts at the wall-clock time its session's timeline gave it (the same that
 * its prft box holds in the file) and lasts until the next fragment of the session starts; the newest one, whose
 * successor has not come, until its start plus its media duration. So a segment ends where the next one of the
 * same session starts, and a segment whose successor never came ends at what its last fragment covers, which is
 * never after that fragment was written. A fragment that does not continue the previous one's media (the writer
 * fell behind and dropped to a keyframe) starts a new segment: the missing footage is a gap, not part of a segment.
 */
public final class SegmentWriter implements FragmentListener {
    private static final Log LOG = Log.of(SegmentWriter.class);

    private final String cameraId;
    private final StorageLayout layout;
    private final SegmentIndex index;
    private final long segmentMillis;
    private final SegmentCounters counters;
    private final CameraLease lease;

    private Open current;
    private long droppedUntilKeyframe;
    /** Where the camera's last segment ended: no segment may start before it. */
    private long lastEndMillis = Long.MIN_VALUE;

    private static final class Open {
        long id;
        String sessionId;
        InitSegment init;
        Path file;
        FileChannel channel;
        long bytes;
        long startMillis;
        long endMillis;
        long firstMediaTime;
        long nextMediaTime;
        final List<SeekPoint> points = new ArrayList<>();
    }

    public SegmentWriter(String cameraId, StorageLayout layout, SegmentIndex index, long segmentMillis,
                         SegmentCounters counters) {
        this(cameraId, layout, index, segmentMillis, counters, CameraLease.NONE);
    }

    /** In a cluster: writes only while this node holds the camera's lease (D72). */
    public SegmentWriter(String cameraId, StorageLayout layout, SegmentIndex index, long segmentMillis,
                         SegmentCounters counters, CameraLease lease) {
        this.cameraId = cameraId;
        this.layout = layout;
        this.index = index;
        this.segmentMillis = segmentMillis;
        this.counters = counters;
        this.lease = lease;
    }

    @Override
    public void onFragment(Fragment f) {
        if (!lease.valid()) {
            // Not certainly ours any more (a pause, a cut-off): not one more byte, neither in the file nor the index.
            if (current != null) {
                LOG.warn("segment.lease.expired", "camera", cameraId, "file", layout.relative(current.file));
                close();
            }
            return;
        }
        if (current != null) {
            boolean sameSession = f.sessionId().equals(current.sessionId) && f.init() == current.init;
            boolean continues = sameSession && f.baseMediaTime() == current.nextMediaTime;
            if (!continues || (f.keyframe() && (f.baseMediaTime() - current.firstMediaTime) * 1000 / InitSegment.TIMESCALE >= segmentMillis)) {
                close(continues ? f.wallClockMillis() : Long.MIN_VALUE);
            }
        }
        if (current == null) {
            if (!f.keyframe()) {
                droppedUntilKeyframe++;
                return;
            }
            try {
                open(f);
            } catch (LeaseLostException e) {
                LOG.warn("segment.lease.lost", "camera", cameraId, "error", e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                counters.writeFailed();
                LOG.error("segment.open.failed", e, "camera", cameraId);
                return;
            }
        }
        long t0 = System.nanoTime();
        long offset = current.bytes;
        try {
            writeFully(current.channel, f.bytes());
        } catch (IOException e) {
            counters.writeFailed();
            LOG.error("segment.write.failed", e, "camera", cameraId, "file", current.file);
            abandon(offset);
            return;
        }
        current.bytes += f.bytes().length;
        current.endMillis = Math.max(f.wallClockMillis(), current.startMillis) + f.durationMillis();
        current.nextMediaTime = f.baseMediaTime() + f.duration();
        SeekPoint point = new SeekPoint(offset, f.bytes().length, f.baseMediaTime(), f.wallClockMillis(), f.keyframe());
        current.points.add(point);
        index.appendSeekPoint(current.id, point, current.bytes, current.endMillis, current.nextMediaTime);
        counters.fragmentWritten(f.bytes().length, System.nanoTime() - t0, current.endMillis);
    }

    @Override
    public void onSessionEnd(String sessionId) {
        if (current != null && current.sessionId.equals(sessionId)) {
            close();
        }
    }

    private void open(Fragment first) throws IOException {
        long start = first.wallClockMillis();
        if (start < lastEndMillis) {
            // Cannot happen by the session timeline's rules (docs/time.md); if it did, segments must still not overlap.
            LOG.warn("segment.overlap.prevented", "camera", cameraId, "session", first.sessionId(), "byMillis", lastEndMillis - start);
            start = lastEndMillis;
        }
        Path file = layout.segmentFile(cameraId, start);
        while (Files.exists(file)) {
            start++;
            file = layout.segmentFile(cameraId, start);
        }
        OwnerOnly.createDirectories(file.getParent());
        var config = first.init().config();
        SessionBox session = first.init().session();
        long id = index.openSegment(cameraId, first.sessionId(), start, layout.relative(file),
                config.codec().ffmpegName(), config.width(), config.height(), session == null ? null
                        : new SegmentTiming(first.baseMediaTime(), session.openedAtMillis(), session.anchorWallMillis()),
                lease.token());
        Open o = new Open();
        o.id = id;
        o.sessionId = first.sessionId();
        o.init = first.init();
        o.file = file;
        o.startMillis = start;
        o.endMillis = start;
        o.firstMediaTime = first.baseMediaTime();
        try {
            o.channel = OwnerOnly.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(o.channel, first.init().bytes());
        } catch (IOException e) {
            if (o.channel != null) {
                o.channel.close();
            }
            Files.deleteIfExists(file);
            index.deleteSegment(id);
            throw e;
        }
        o.bytes = first.init().bytes().length;
        current = o;
        if (droppedUntilKeyframe > 0) {
            LOG.debug("segment.waited.keyframe", "camera", cameraId, "fragments", droppedUntilKeyframe);
            droppedUntilKeyframe = 0;
        }
    }

    /** Closes the current file: data forced to disk first, then the row marked complete. */
    public void close() {
        close(Long.MIN_VALUE);
    }

    /** @param successorStart where the next fragment of the same session starts, or {@link Long#MIN_VALUE} */
    private void close(long successorStart) {
        Open o = current;
        if (o == null) {
            return;
        }
        current = null;
        try {
            o.channel.force(false);
            o.channel.close();
        } catch (IOException e) {
            counters.writeFailed();
            LOG.error("segment.close.failed", e, "camera", cameraId, "file", o.file);
        }
        if (o.points.isEmpty()) {
            deleteEmpty(o);
            return;
        }
        if (successorStart != Long.MIN_VALUE && successorStart > o.startMillis) {
            o.endMillis = successorStart; // the last fragment lasts until the next one of its session starts
        }
        lastEndMillis = Math.max(lastEndMillis, o.endMillis);
        try {
            index.completeSegment(o.id, o.bytes, o.endMillis, o.nextMediaTime, o.points);
        } catch (LeaseLostException e) {
            // The node that took the camera over sealed the row at what was committed under our lease; the file's
            // later bytes are not footage (the index never points at them).
            LOG.warn("segment.lease.lost", "camera", cameraId, "file", layout.relative(o.file), "error", e.getMessage());
            return;
        }
        counters.segmentClosed();
        LOG.debug("segment.closed", "camera", cameraId, "file", layout.relative(o.file), "bytes", o.bytes,
                "fragments", o.points.size());
    }

    /** A write failed (e.g. disk full): keep what was complete, cut off the partial fragment, start anew later. */
    private void abandon(long validLength) {
        Open o = current;
        try {
            o.channel.truncate(validLength);
        } catch (IOException e) {
            LOG.warn("segment.truncate.failed", "camera", cameraId, "error", e.getMessage());
        }
        close();
    }

    private void deleteEmpty(Open o) {
        try {
            Files.deleteIfExists(o.file);
        } catch (IOException e) {
            LOG.warn("segment.delete.failed", "camera", cameraId, "error", e.getMessage());
        }
        index.deleteSegment(o.id);
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
