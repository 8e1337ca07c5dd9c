package nl.poortwachter.recorder.ingest;

import java.util.function.BooleanSupplier;
import nl.poortwachter.recorder.ingest.source.AccessUnit;
import nl.poortwachter.recorder.transcode.Transcoder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Decode, mask, re-encode: the packer only ever sees our own encoder's H.264.
 * <p>FFmpeg's RTSP demuxer hands out the slices of one picture as separate packets with the same timestamp;
 * the decoder wants whole pictures (fed slice by slice it shows each keyframe twice, the first time half
 * drawn). So units are joined per timestamp first, as the packer does for passthrough (our own RTSP reader
 * hands whole pictures: for it the join is one unit). Timestamps are 90 kHz ticks, as every source gives them.
 * <p>Under overload the capacity monitor may ask for the camera's key frames only (docs/decisions.md D42): the others
 * are skipped before decoding (a key frame needs no other picture), and each one decoded becomes a key frame of ours.
 * The switch takes effect at a key frame either way, so that the decoder never sees a picture without its references.
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
    private final boolean wholePictures;
    private final BooleanSupplier keyframesOnly;
    /** Skipping non-key pictures; changes only at a key frame. */
    private boolean skipping;
    /** When the first part of the picture being joined arrived: the picture's arrival, as passthrough counts it. */
    private long arrivedAt;

    /** Makes the transcoder once the sink exists. */
    interface TranscoderFactory {
        Transcoder create(Transcoder.PacketSink sink);
    }

    /**
     * @param wholePictures every unit is a whole picture (our RTSP reader): decode it at once instead of waiting
     *                      for the next one to show that it is complete
     * @param keyframesOnly asked at each key frame: whether to decode only the key frames (overload)
     */
    TranscodePipeline(TranscoderFactory factory, PacketPacker packer, boolean wholePictures, BooleanSupplier keyframesOnly) {
        this.packer = packer;
        this.wholePictures = wholePictures;
        this.keyframesOnly = keyframesOnly;
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
    public boolean accept(AccessUnit unit) throws StreamChangedException {
        long p = unit.pts();
        long d = unit.dts();
        long ts = d != Long.MIN_VALUE ? d : p;
        if (!started && !skippedFirst && ts == Long.MIN_VALUE) {
            // The first packet after connecting, without a timestamp, is the tail of a picture already in
            // flight when we joined: not decodable, skip it (a source that never sends timestamps loses one packet).
            skippedFirst = true;
            return false;
        }
        boolean decoded = false;
        if (started && (ts == Long.MIN_VALUE || ts != (dts != Long.MIN_VALUE ? dts : pts))) {
            decoded = sendPicture();
        }
        if (length == 0) {
            if (unit.keyframe()) {
                skipping = keyframesOnly.getAsBoolean();
                transcoder.keyframesOnly(skipping);
            } else if (skipping) {
                return decoded; // shed: not decoded, not recorded
            }
            pts = p;
            dts = d;
            keyframe = false;
            arrivedAt = unit.arrivalMillis();
        }
        append(unit);
        keyframe |= unit.keyframe();
        started = true;
        if (wholePictures) {
            decoded |= sendPicture();
        }
        if (pending != null) {
            throw pending;
        }
        return decoded;
    }

    private void append(AccessUnit unit) {
        int size = unit.length();
        if (size <= 0) {
            return;
        }
        if (length + size > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Integer.highestOneBit(length + size) << 1);
        }
        System.arraycopy(unit.data(), 0, buffer, length, size);
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
            // A missing timestamp is Long.MIN_VALUE here and AV_NOPTS_VALUE in libav: the same number.
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
