package nl.poortwachter.recorder.transcode;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/** A libav decoder for the camera's video stream. Owned and closed by one thread. */
final class VideoDecoder implements AutoCloseable {
    private final AVCodecContext ctx;
    private final AVFrame frame;
    private boolean closed;

    VideoDecoder(AVCodecParameters par, int threads) {
        AVCodec codec = avcodec.avcodec_find_decoder(par.codec_id());
        if (codec == null) {
            throw new TranscodeException("no decoder for codec " + avcodec.avcodec_get_name(par.codec_id()).getString());
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        NativeObjects.allocated();
        frame = avutil.av_frame_alloc();
        NativeObjects.allocated();
        try {
            FfmpegCalls.check(avcodec.avcodec_parameters_to_context(ctx, par), "avcodec_parameters_to_context");
            ctx.thread_count(threads);
            FfmpegCalls.check(avcodec.avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "open decoder");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Decodes one packet (null drains the decoder) and hands each frame to {@code out}, valid during the call only. */
    void decode(AVPacket packet, Consumer<AVFrame> out) {
        int r = avcodec.avcodec_send_packet(ctx, packet);
        if (r < 0 && r != FfmpegCalls.EAGAIN && r != avutil.AVERROR_EOF) {
            // A damaged packet (lost RTP packets) is skipped, as a player would; the next keyframe heals it.
            return;
        }
        while (true) {
            r = avcodec.avcodec_receive_frame(ctx, frame);
            if (r == FfmpegCalls.EAGAIN || r == avutil.AVERROR_EOF) {
                return;
            }
            FfmpegCalls.check(r, "decode");
            try {
                out.accept(frame);
            } finally {
                avutil.av_frame_unref(frame);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avutil.av_frame_free(frame);
        NativeObjects.freed();
        avcodec.avcodec_free_context(ctx);
        NativeObjects.freed();
    }
}
