package nl.poortwachter.recorder.transcode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;

/**
 * Converts decoded frames to the encoder's pixel format (YUV420P for software encoders, NV12 for some hardware
 * ones) at the output size (H.264/H.265 4:2:0 needs nothing; MJPEG's full-range 4:2:2 and any down-scaling do).
 * Rebuilds itself if the input format changes. Owns one output frame, reused.
 */
final class FrameScaler implements AutoCloseable {
    private final int outWidth;
    private final int outHeight;
    private final int outFormat;
    private final AVFrame out;
    private SwsContext sws;
    private int inWidth = -1;
    private int inHeight = -1;
    private int inFormat = -1;
    private boolean closed;

    FrameScaler(int outWidth, int outHeight, int outFormat) {
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.outFormat = outFormat;
        out = avutil.av_frame_alloc();
        NativeObjects.allocated();
        out.format(outFormat);
        out.width(outWidth);
        out.height(outHeight);
        FfmpegCalls.check(avutil.av_frame_get_buffer(out, 32), "allocate scaled frame");
    }

    static boolean needed(AVFrame in, int outWidth, int outHeight, int outFormat) {
        return in.format() != outFormat || in.width() != outWidth || in.height() != outHeight;
    }

    AVFrame scale(AVFrame in) {
        if (sws == null || in.width() != inWidth || in.height() != inHeight || in.format() != inFormat) {
            freeSws();
            sws = swscale.sws_getContext(in.width(), in.height(), in.format(), outWidth, outHeight,
                    outFormat, swscale.SWS_BILINEAR, null, null, (double[]) null);
            if (sws == null) {
                throw new TranscodeException("cannot convert " + in.width() + "x" + in.height() + " format " + in.format());
            }
            NativeObjects.allocated();
            inWidth = in.width();
            inHeight = in.height();
            inFormat = in.format();
        }
        FfmpegCalls.check(avutil.av_frame_make_writable(out), "make scaled frame writable");
        swscale.sws_scale(sws, in.data(), in.linesize(), 0, in.height(), out.data(), out.linesize());
        out.pts(in.pts());
        return out;
    }

    private void freeSws() {
        if (sws != null) {
            swscale.sws_freeContext(sws);
            NativeObjects.freed();
            sws = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeSws();
        avutil.av_frame_free(out);
        NativeObjects.freed();
    }
}
