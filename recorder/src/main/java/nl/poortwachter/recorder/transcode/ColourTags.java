package nl.poortwachter.recorder.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * How the camera's pixel values are meant (range, matrix, primaries, transfer, chroma siting), carried into our
 * encoder's stream so that players show the colours the camera sent: untagged HD video is shown with BT.601
 * colours by some players (and by FFmpeg's own filters), a visible shift for a BT.709 camera.
 *
 * @param range the range of the pictures the encoder gets: the camera's, unless they are converted (swscale
 *              makes limited range)
 */
record ColourTags(int range, int space, int primaries, int transfer, int chromaLocation) {

    static ColourTags of(AVCodecParameters camera, boolean converted) {
        return new ColourTags(converted ? avutil.AVCOL_RANGE_MPEG : camera.color_range(), camera.color_space(),
                camera.color_primaries(), camera.color_trc(), camera.chroma_location());
    }

    boolean fullRange() {
        return range == avutil.AVCOL_RANGE_JPEG;
    }

    void apply(AVCodecContext ctx) {
        ctx.color_range(range);
        ctx.colorspace(space);
        ctx.color_primaries(primaries);
        ctx.color_trc(transfer);
        ctx.chroma_sample_location(chromaLocation);
    }
}
