package nl.poortwachter.recorder.transcode;

import java.util.List;
import nl.poortwachter.recorder.camera.Picture;
import nl.poortwachter.recorder.camera.PrivacyMask;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One picture of a camera as a JPEG: decodes packets until a picture comes out, converts it to YUV420P at most
 * {@link #MAX_WIDTH} wide, burns in the camera's privacy masks (a still never shows what a mask hides, exactly as
 * the recording does) and encodes it. One thread creates, uses and closes it; {@link #close()} frees every native
 * object once.
 */
public final class StillPicture implements AutoCloseable {
    /** Wide enough to draw masks precisely, small enough to send in a JSON answer. */
    public static final int MAX_WIDTH = 1280;

    private final MaskPainter masks;
    private VideoDecoder decoder;
    private FrameScaler scaler;
    private Picture picture;

    public StillPicture(AVCodecParameters video, List<PrivacyMask> privacyMasks) {
        masks = new MaskPainter(privacyMasks == null ? List.of() : privacyMasks);
        decoder = new VideoDecoder(video, 1);
    }

    /** Feeds one packet of the video stream; returns the picture once one has decoded, else null. */
    public Picture accept(AVPacket packet) {
        if (picture == null) {
            decoder.decode(packet, this::frame);
        }
        return picture;
    }

    /** No more packets: whatever the decoder still holds comes out. */
    public Picture finish() {
        return accept(null);
    }

    private void frame(AVFrame decoded) {
        if (picture != null) {
            return;
        }
        int[] size = Transcoder.outputSize(decoded.width(), decoded.height(),
                decoded.width() > MAX_WIDTH ? (int) ((long) decoded.height() * MAX_WIDTH / decoded.width()) & ~1 : null);
        AVFrame yuv = decoded;
        // Always limited-range YUV420P (a full-range YUVJ picture is converted too): what JpegWriter reads.
        if (FrameScaler.needed(decoded, size[0], size[1], avutil.AV_PIX_FMT_YUV420P)) {
            scaler = new FrameScaler(size[0], size[1], avutil.AV_PIX_FMT_YUV420P);
            yuv = scaler.scale(decoded);
        } else if (!masks.isEmpty()) {
            // The decoder may keep this picture as a reference: paint a private copy.
            FfmpegCalls.check(avutil.av_frame_make_writable(decoded), "copy frame for masking");
        }
        if (!masks.isEmpty()) {
            masks.paint(yuv, false);
        }
        picture = new Picture(JpegWriter.encode(yuv), yuv.width(), yuv.height());
    }

    @Override
    public void close() {
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
