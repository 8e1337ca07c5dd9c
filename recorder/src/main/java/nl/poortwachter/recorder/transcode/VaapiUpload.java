package nl.poortwachter.recorder.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * VA-API encodes from GPU surfaces only: the device (the default DRM render node), a pool of NV12 surfaces of
 * the output size, and per picture an upload (what the CLI's {@code -vf format=nv12,hwupload} does). Owned and
 * closed by the encoder's thread.
 */
final class VaapiUpload implements AutoCloseable {
    private final AVBufferRef device = new AVBufferRef((org.bytedeco.javacpp.Pointer) null);
    private AVBufferRef frames;
    private final AVFrame surface;
    private boolean closed;

    VaapiUpload(int width, int height) {
        surface = avutil.av_frame_alloc();
        NativeObjects.allocated();
        try {
            FfmpegCalls.check(avutil.av_hwdevice_ctx_create(device, avutil.AV_HWDEVICE_TYPE_VAAPI, (String) null, null, 0),
                    "open the VA-API device");
            NativeObjects.allocated();
            frames = avutil.av_hwframe_ctx_alloc(device);
            if (frames == null) {
                throw new TranscodeException("cannot allocate VA-API surfaces");
            }
            NativeObjects.allocated();
            AVHWFramesContext pool = new AVHWFramesContext(frames.data());
            pool.format(avutil.AV_PIX_FMT_VAAPI);
            pool.sw_format(avutil.AV_PIX_FMT_NV12);
            pool.width(width);
            pool.height(height);
            pool.initial_pool_size(8);
            FfmpegCalls.check(avutil.av_hwframe_ctx_init(frames), "set up VA-API surfaces");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The encoder takes VA-API surfaces from this pool. */
    void attach(AVCodecContext ctx) {
        ctx.pix_fmt(avutil.AV_PIX_FMT_VAAPI);
        ctx.hw_frames_ctx(avutil.av_buffer_ref(frames));
    }

    /** Copies an NV12 picture into a surface; the surface is valid until the next call. */
    AVFrame upload(AVFrame nv12) {
        avutil.av_frame_unref(surface);
        FfmpegCalls.check(avutil.av_hwframe_get_buffer(frames, surface, 0), "get a VA-API surface");
        FfmpegCalls.check(avutil.av_hwframe_transfer_data(surface, nv12, 0), "upload to the VA-API surface");
        surface.pts(nv12.pts());
        surface.pict_type(nv12.pict_type());
        return surface;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avutil.av_frame_free(surface);
        NativeObjects.freed();
        if (frames != null) {
            avutil.av_buffer_unref(frames);
            NativeObjects.freed();
        }
        if (!device.isNull()) {
            avutil.av_buffer_unref(device);
            NativeObjects.freed();
        }
    }
}
