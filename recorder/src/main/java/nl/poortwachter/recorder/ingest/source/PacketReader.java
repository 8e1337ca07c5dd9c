package nl.poortwachter.recorder.ingest.source;

import java.util.function.LongSupplier;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.libav.Timestamps;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The video packets of an opened FFmpeg input as access units: a camera (through {@link FfmpegSource}) or a local
 * file (the offline pipeline of the benchmark). Audio and data packets are skipped. Each packet is copied out of
 * FFmpeg once and unreferenced at once (JavaCV's grabPacket() does not, and every packet would leak).
 */
public final class PacketReader {
    private final FFmpegFrameGrabber grabber;
    private final AVStream stream;
    private final int videoIndex;
    private final int tbNum;
    private final int tbDen;
    private final AccessUnit unit = new AccessUnit();

    /** @param started a grabber whose start succeeded; null is returned by {@link #of} when it has no video track */
    private PacketReader(FFmpegFrameGrabber started, int videoIndex) {
        this.grabber = started;
        this.videoIndex = videoIndex;
        this.stream = started.getFormatContext().streams(videoIndex);
        this.tbNum = stream.time_base().num();
        this.tbDen = stream.time_base().den();
    }

    /** @return the reader of the input's first video track, or null if it has none */
    public static PacketReader of(FFmpegFrameGrabber started) {
        AVFormatContext fc = started.getFormatContext();
        for (int i = 0; i < fc.nb_streams(); i++) {
            if (fc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return new PacketReader(started, i);
            }
        }
        return null;
    }

    public SourceStream stream(String reader) {
        AVCodecParameters par = stream.codecpar();
        String codecName = avcodec.avcodec_get_name(par.codec_id()).getString();
        byte[] extradata = null;
        if (par.extradata() != null && par.extradata_size() > 0) {
            extradata = new byte[par.extradata_size()];
            par.extradata().position(0).get(extradata);
        }
        return new SourceStream(VideoCodec.fromFfmpegName(codecName), codecName, par.width(), par.height(), extradata,
                grabber.getFrameRate(), reader);
    }

    /** Owned by the grabber: valid until it is released. */
    public AVCodecParameters parameters() {
        return stream.codecpar();
    }

    /**
     * Reads one packet; a video packet goes to {@code sink}, stamped with {@code clock}'s time as its arrival.
     *
     * @return false when FFmpeg returns no packet: the end of the input, or a stall past FFmpeg's timeout
     */
    public boolean read(UnitSink sink, LongSupplier clock) throws Exception {
        AVPacket pkt = grabber.grabPacket();
        if (pkt == null) {
            return false;
        }
        try {
            int size = pkt.size();
            if (pkt.stream_index() != videoIndex || size <= 0 || pkt.data() == null) {
                return true; // audio and data tracks are dropped (docs/decisions.md D4)
            }
            pkt.data().position(0).get(unit.buffer(size), 0, size);
            unit.set(size, Timestamps.toTicks(pkt.pts(), tbNum, tbDen), Timestamps.toTicks(pkt.dts(), tbNum, tbDen),
                    (pkt.flags() & avcodec.AV_PKT_FLAG_KEY) != 0, clock.getAsLong());
            sink.accept(unit);
            return true;
        } finally {
            avcodec.av_packet_unref(pkt);
        }
    }
}
