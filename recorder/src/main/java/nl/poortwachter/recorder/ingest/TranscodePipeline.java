package nl.poortwachter.recorder.ingest;

import java.util.function.LongSupplier;
import nl.poortwachter.recorder.transcode.Transcoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Decode, mask, re-encode: the packer only ever sees our own encoder's H.264.
 * <p>FFmpeg's RTSP demuxer hands out the slices of one picture as separate packets with the same timestamp;
 * the decoder wants whole pictures (fed slice by slice it shows each keyframe twice, the first time half
 * drawn). So packets are joined per timestamp first, as the packer does for passthrough.
 */
final class TranscodePipeline implements VideoPipeline {
    private final Transcoder transcoder;
    private final PacketPacker packer;
    private final AVPacket picture = avcodec.av_packet_alloc();
    private StreamChangedException pending;
    /** Pictures are ~20 KiB, keyframes up to a few hundred: start small, grow on demand (it stays grown). */
    private byte[] buffer = new byte[128 * 1024];
    private int length;
    private long pts;
    private long dts;
    private boolean keyframe;
    private boolean started;
    private boolean skippedFirst;
    private boolean closed;
    /** When the first packet of the picture being joined arrived: the picture's arrival, as passthrough counts it. */
    private long arrivedAt;
    private final LongSupplier clock;

    /** Makes the transcoder once the sink exists. */
    interface TranscoderFactory {
        Transcoder create(Transcoder.PacketSink sink);
    }

    /**
     * @param clock the gateway's clock, for when each camera picture arrived
     */
    TranscodePipeline(TranscoderFactory factory, PacketPacker packer, LongSupplier clock) {
        this.packer = packer;
        this.clock = clock;
        Transcoder t;
        try {
            t = factory.create((data, size, p, d, key, arrival) -> {
                try {
                    // Live latency of a transcoded camera counts from its camera picture's arrival (the transcoder
                    // hands each encoded picture its own): decoding and encoding are part of it.
                    packer.accept(data, size, p, d, key, arrival);
                } catch (StreamChangedException e) {
                    // Our own encoder never changes its SPS mid-session; keep it for the caller if it ever does.
                    pending = e;
                }
            });
        } catch (RuntimeException e) {
            avcodec.av_packet_free(picture);
            throw e;
        }
        this.transcoder = t;
    }

    Transcoder transcoder() {
        return transcoder;
    }

    @Override
    public boolean accept(AVPacket packet) throws StreamChangedException {
        long p = packet.pts();
        long d = packet.dts();
        long ts = d != avutil.AV_NOPTS_VALUE ? d : p;
        if (!started && !skippedFirst && ts == avutil.AV_NOPTS_VALUE) {
            // The first packet after connecting, without a timestamp, is the tail of a picture already in
            // flight when we joined: not decodable, skip it (a source that never sends timestamps loses one packet).
            skippedFirst = true;
            return false;
        }
        boolean decoded = false;
        if (started && (ts == avutil.AV_NOPTS_VALUE || ts != (dts != avutil.AV_NOPTS_VALUE ? dts : pts))) {
            decoded = sendPicture();
        }
        if (length == 0) {
            pts = p;
            dts = d;
            keyframe = false;
            arrivedAt = clock.getAsLong();
        }
        append(packet);
        keyframe |= (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
        started = true;
        if (pending != null) {
            throw pending;
        }
        return decoded;
    }

    private void append(AVPacket packet) {
        int size = packet.size();
        if (size <= 0 || packet.data() == null) {
            return;
        }
        if (length + size > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Integer.highestOneBit(length + size) << 1);
        }
        packet.data().position(0).get(buffer, length, size);
        length += size;
    }

    private boolean sendPicture() {
        if (length == 0) {
            return false;
        }
        if (avcodec.av_new_packet(picture, length) < 0) {
            throw new IllegalStateException("out of memory for a " + length + "-byte picture");
        }
        try {
            picture.data().position(0).put(buffer, 0, length);
            picture.pts(pts);
            picture.dts(dts);
            picture.flags(keyframe ? avcodec.AV_PKT_FLAG_KEY : 0);
            length = 0;
            return transcoder.accept(picture, arrivedAt);
        } finally {
            avcodec.av_packet_unref(picture);
        }
    }

    @Override
    public void finish() {
        sendPicture();
        transcoder.finish();
        packer.finish();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transcoder.close();
        avcodec.av_packet_free(picture);
    }
}
