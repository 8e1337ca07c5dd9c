package nl.poortwachter.recorder.ingest;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.PictureSize;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.media.rtp.AccessUnitSink;

/**
 * Pictures from our own RTSP client into the {@link PacketPacker}: the passthrough path without FFmpeg. The
 * picture size comes from the first SPS (the SDP's or the stream's); a picture hit by packet loss, and every
 * picture after it up to the next keyframe, is dropped rather than stored broken.
 */
final class BuiltinPicturePacker implements AccessUnitSink {
    /** What the session is told as pictures arrive. */
    interface Events {
        void opened(String codec, int width, int height);

        void received(int bytes);

        void picture();
    }

    private final VideoCodec codec;
    private final List<byte[]> announcedParameterSets;
    private final Fmp4Muxer muxer;
    private final LongSupplier clock;
    private final Events events;
    private final NalScanner scanner = new NalScanner();
    private PacketPacker packer;
    private boolean waitingForKeyframe;

    BuiltinPicturePacker(VideoCodec codec, List<byte[]> announcedParameterSets, Fmp4Muxer muxer, LongSupplier clock,
                         Events events) {
        this.codec = codec;
        this.announcedParameterSets = announcedParameterSets;
        this.muxer = muxer;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void accept(byte[] data, int length, long timestamp, boolean damaged) throws StreamChangedException {
        events.received(length);
        if (damaged) {
            waitingForKeyframe = true;
            return;
        }
        if (waitingForKeyframe) {
            if (!hasKeyframe(data, length)) {
                return;
            }
            waitingForKeyframe = false;
        }
        if (packer == null && !open(data, length)) {
            return; // no SPS yet: nothing can be stored before one
        }
        if (packer.accept(data, length, timestamp, Long.MIN_VALUE, false)) {
            events.picture();
        }
    }

    /** Pushes out the picture still open, when the session ends. */
    void finish() {
        if (packer != null) {
            packer.finish();
        }
    }

    private boolean open(byte[] data, int length) {
        byte[] sps = findSps(data, length);
        if (sps == null) {
            return false;
        }
        PictureSize size = PictureSize.of(codec, sps);
        packer = new PacketPacker(codec, size.width(), size.height(), annexB(announcedParameterSets), muxer,
                new WallClock(clock));
        events.opened(codec.ffmpegName(), size.width(), size.height());
        return true;
    }

    private byte[] findSps(byte[] data, int length) {
        int spsType = codec == VideoCodec.H264 ? 7 : 33;
        for (byte[] set : announcedParameterSets) {
            if (codec.nalType(set, 0) == spsType) {
                return set;
            }
        }
        int n = scanner.scanAnnexB(data, length);
        for (int i = 0; i < n; i++) {
            if (codec.nalType(data, scanner.start(i)) == spsType) {
                return Arrays.copyOfRange(data, scanner.start(i), scanner.end(i));
            }
        }
        return null;
    }

    private boolean hasKeyframe(byte[] data, int length) {
        int n = scanner.scanAnnexB(data, length);
        for (int i = 0; i < n; i++) {
            if (codec.isKeyframe(codec.nalType(data, scanner.start(i)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] annexB(List<byte[]> nals) {
        if (nals.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(nal, 0, nal.length);
        }
        return out.toByteArray();
    }
}
