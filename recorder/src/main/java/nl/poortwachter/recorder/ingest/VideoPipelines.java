package nl.poortwachter.recorder.ingest;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.ingest.source.SourceStream;
import nl.poortwachter.recorder.transcode.Transcoder;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;

/** Builds the pipeline for one source stream: passthrough for a trusted H.264/H.265 camera, transcode otherwise. */
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

    /**
     * @param decoderParameters the stream as the decoder needs it, owned by the source (asked only when transcoding)
     * @param identity          what the recording's files say about the session; null for none
     * @param keyframesOnly     whether the overload policy wants only the camera's key frames transcoded now
     */
    static Opened open(SourceStream stream, Supplier<AVCodecParameters> decoderParameters, PipelineMode mode,
                       TranscodeSettings transcode, List<PrivacyMask> masks, Fmp4Muxer muxer, SessionIdentity identity,
                       BooleanSupplier keyframesOnly) throws UnsupportedCodecException {
        if (mode == PipelineMode.passthrough) {
            if (stream.codec() == null) {
                throw new UnsupportedCodecException(stream.codecName());
            }
            PacketPacker packer = new PacketPacker(stream.codec(), stream.width(), stream.height(), stream.extradata(),
                    muxer, identity);
            return new Opened(new PassthroughPipeline(packer), stream.codecName(), stream.width(), stream.height(),
                    stream.codecName(), null, null);
        }
        int[] size = Transcoder.outputSize(stream.width(), stream.height(), transcode == null ? null : transcode.maxHeight());
        PacketPacker packer = new PacketPacker(VideoCodec.H264, size[0], size[1], null, muxer, identity);
        AVCodecParameters par = decoderParameters.get();
        TranscodePipeline pipeline = new TranscodePipeline(
                sink -> new Transcoder(par, 1, nl.poortwachter.media.fmp4.InitSegment.TIMESCALE, stream.frameRate(),
                        transcode, masks, sink), packer, stream.wholePictures(), keyframesOnly);
        return new Opened(pipeline, "h264", size[0], size[1], stream.codecName(), pipeline.transcoder().encoder().name(),
                pipeline.transcoder().encoderFallback());
    }
}
