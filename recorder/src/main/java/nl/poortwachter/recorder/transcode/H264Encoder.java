package nl.poortwachter.recorder.transcode;

import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * libx264 through libavcodec: YUV420P frames in, Annex-B H.264 packets out (parameter sets in-band before
 * every IDR, which the packer moves into the init segment). Timestamps are 90 kHz ticks in and out.
 */
public final class H264Encoder implements AutoCloseable {
    /** Receives encoded packets; {@code data} is only valid during the call. */
    public interface PacketSink {
        void accept(byte[] data, int size, long pts, long dts, boolean keyframe);
    }

    private final AVCodecContext ctx;
    private final AVPacket packet;
    private byte[] buffer = new byte[1 << 20];
    private boolean closed;

    H264Encoder(int width, int height, int fps, TranscodeSettings settings) {
        AVCodec codec = avcodec.avcodec_find_encoder_by_name("libx264");
        if (codec == null) {
            throw new TranscodeException("libx264 is not in this FFmpeg build");
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        NativeObjects.allocated();
        packet = avcodec.av_packet_alloc();
        NativeObjects.allocated();
        AVDictionary options = new AVDictionary(null);
        try {
            ctx.width(width);
            ctx.height(height);
            ctx.pix_fmt(avutil.AV_PIX_FMT_YUV420P);
            ctx.time_base().num(1).den(InitSegment.TIMESCALE);
            ctx.framerate().num(fps).den(1);
            ctx.gop_size(settings.gopFrames());
            ctx.max_b_frames(0);
            ctx.thread_count(settings.threads());
            if (settings.bitrateKbps() != null) {
                long bps = settings.bitrateKbps() * 1000L;
                ctx.bit_rate(bps);
                ctx.rc_max_rate(bps * 3 / 2);
                ctx.rc_buffer_size((int) Math.min(Integer.MAX_VALUE, bps * 2));
            } else {
                avutil.av_dict_set(options, "crf", Integer.toString(settings.crf()), 0);
            }
            avutil.av_dict_set(options, "preset", settings.preset(), 0);
            avutil.av_dict_set(options, "tune", "zerolatency", 0);
            // A keyframe only where we ask (GOP), not at every scene change: fragments stay about a second.
            avutil.av_dict_set(options, "x264-params", "scenecut=0", 0);
            FfmpegCalls.check(avcodec.avcodec_open2(ctx, codec, options), "open libx264");
        } catch (RuntimeException e) {
            avutil.av_dict_free(options);
            close();
            throw e;
        }
        avutil.av_dict_free(options);
    }

    /** Encodes one frame (null flushes) and hands every finished packet to {@code sink}. */
    void encode(AVFrame frame, PacketSink sink) {
        FfmpegCalls.check(avcodec.avcodec_send_frame(ctx, frame), "encode");
        while (true) {
            int r = avcodec.avcodec_receive_packet(ctx, packet);
            if (r == FfmpegCalls.EAGAIN || r == avutil.AVERROR_EOF) {
                return;
            }
            FfmpegCalls.check(r, "receive packet");
            try {
                int size = packet.size();
                if (size > buffer.length) {
                    buffer = new byte[Integer.highestOneBit(size) << 1];
                }
                packet.data().position(0).get(buffer, 0, size);
                sink.accept(buffer, size, packet.pts(), packet.dts(), (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0);
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avcodec.av_packet_free(packet);
        NativeObjects.freed();
        avcodec.avcodec_free_context(ctx);
        NativeObjects.freed();
    }
}
