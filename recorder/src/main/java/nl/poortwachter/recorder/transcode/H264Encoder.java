package nl.poortwachter.recorder.transcode;

import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * An H.264 encoder through libavcodec (libx264, libopenh264 or a hardware one, see {@link VideoEncoder}):
 * YUV420P frames in (converted to NV12 and uploaded where the encoder needs it), Annex-B H.264 packets out
 * (parameter sets in-band before every IDR, which the packer moves into the init segment). Timestamps are 90 kHz
 * ticks in and out.
 */
public final class H264Encoder implements AutoCloseable {
    /** Receives encoded packets; {@code data} is only valid during the call. */
    interface PacketSink {
        void accept(byte[] data, int size, long pts, long dts, boolean keyframe);
    }

    private final VideoEncoder kind;
    private final AVCodecContext ctx;
    private final AVPacket packet;
    private final int inputFormat;
    private FrameScaler converter;
    private VaapiUpload vaapi;
    private byte[] buffer = new byte[1 << 20];
    private boolean closed;

    /**
     * @param colour how the pictures' values are meant (tagged in the stream), or null for untagged
     * @throws TranscodeException if this FFmpeg build lacks the encoder or it cannot be opened (no device)
     */
    H264Encoder(int width, int height, int fps, TranscodeSettings settings, VideoEncoder kind, ColourTags colour) {
        this.kind = kind;
        this.inputFormat = EncoderOptions.inputFormat(kind);
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(kind.name());
        if (codec == null) {
            throw new TranscodeException(kind + " is not in this FFmpeg build");
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        NativeObjects.allocated();
        packet = avcodec.av_packet_alloc();
        NativeObjects.allocated();
        AVDictionary options = new AVDictionary(null);
        try {
            ctx.width(width);
            ctx.height(height);
            ctx.pix_fmt(inputFormat);
            ctx.time_base().num(1).den(InitSegment.TIMESCALE);
            ctx.framerate().num(fps).den(1);
            ctx.gop_size(settings.gopFrames());
            ctx.max_b_frames(0);
            if (colour != null) {
                colour.apply(ctx);
            }
            if (kind == VideoEncoder.h264_vaapi) {
                vaapi = new VaapiUpload(width, height);
                vaapi.attach(ctx);
            }
            EncoderOptions.apply(kind, settings, ctx, options);
            FfmpegCalls.check(avcodec.avcodec_open2(ctx, codec, options), "open " + kind);
        } catch (RuntimeException e) {
            avutil.av_dict_free(options);
            close();
            throw e;
        }
        avutil.av_dict_free(options);
    }

    VideoEncoder kind() {
        return kind;
    }

    /** Encodes one YUV420P frame (null flushes) and hands every finished packet to {@code sink}. */
    void encode(AVFrame frame, PacketSink sink) {
        FfmpegCalls.check(avcodec.avcodec_send_frame(ctx, frame == null ? null : input(frame)), "encode");
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

    /** The frame in the encoder's own format and memory: as it is for software encoders and NVENC. */
    private AVFrame input(AVFrame frame) {
        AVFrame in = frame;
        if (frame.format() != inputFormat) {
            if (converter == null) {
                converter = new FrameScaler(ctx.width(), ctx.height(), inputFormat);
            }
            in = converter.scale(frame);
            in.pict_type(frame.pict_type());
        }
        return vaapi == null ? in : vaapi.upload(in);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (converter != null) {
            converter.close();
        }
        avcodec.av_packet_free(packet);
        NativeObjects.freed();
        avcodec.avcodec_free_context(ctx);
        NativeObjects.freed();
        if (vaapi != null) {
            vaapi.close();
        }
    }
}
