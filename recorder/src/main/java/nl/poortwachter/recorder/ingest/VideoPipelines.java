package nl.poortwachter.recorder.ingest;

import java.util.List;
import java.util.function.LongSupplier;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.transcode.Transcoder;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;

/** Builds the pipeline for one input stream: passthrough for a trusted H.264/H.265 camera, transcode otherwise. */
final class VideoPipelines {
    /**
     * The pipeline with the size and codec it stores.
     *
     * @param encoder         the encoder of a transcoded camera (null in passthrough)
     * @param encoderFallback why it is not the one the camera asked for, or null
     */
    record Opened(VideoPipeline pipeline, String storedCodec, int width, int height, String inputCodec, String encoder,
                  String encoderFallback) {
    }

    /** Passthrough stores the camera's own codec, which must then be H.264 or H.265. */
    static final class UnsupportedCodecException extends Exception {
        UnsupportedCodecException(String codec) {
            super("codec '" + codec + "' cannot be stored as it is; switch the camera to mode 'transcode'");
        }
    }

    private VideoPipelines() {
    }

    static Opened open(AVStream stream, double frameRate, PipelineMode mode, TranscodeSettings transcode,
                       List<PrivacyMask> masks, Fmp4Muxer muxer, LongSupplier clock) throws UnsupportedCodecException {
        AVCodecParameters par = stream.codecpar();
        String codecName = avcodec.avcodec_get_name(par.codec_id()).getString();
        AVRational tb = stream.time_base();
        WallClock wallClock = new WallClock(clock);
        if (mode == PipelineMode.passthrough) {
            VideoCodec cameraCodec = VideoCodec.fromFfmpegName(codecName);
            if (cameraCodec == null) {
                throw new UnsupportedCodecException(codecName);
            }
            byte[] extradata = null;
            if (par.extradata() != null && par.extradata_size() > 0) {
                extradata = new byte[par.extradata_size()];
                par.extradata().position(0).get(extradata);
            }
            PacketPacker packer = new PacketPacker(cameraCodec, par.width(), par.height(), extradata, muxer, wallClock);
            return new Opened(new PassthroughPipeline(packer, tb.num(), tb.den()), codecName, par.width(), par.height(), codecName,
                    null, null);
        }
        int[] size = Transcoder.outputSize(par.width(), par.height(), transcode == null ? null : transcode.maxHeight());
        PacketPacker packer = new PacketPacker(VideoCodec.H264, size[0], size[1], null, muxer, wallClock);
        TranscodePipeline pipeline = new TranscodePipeline(
                sink -> new Transcoder(par, tb.num(), tb.den(), frameRate, transcode, masks, sink), packer, clock);
        return new Opened(pipeline, "h264", size[0], size[1], codecName, pipeline.transcoder().encoder().name(),
                pipeline.transcoder().encoderFallback());
    }
}
