package nl.poortwachter.recorder.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.config.RecorderConfig;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The camera pipeline run over a local file as fast as it goes: for the benchmark harness (throughput against
 * the ffmpeg CLI) and for tests with encoder output cameras rarely produce. Not for camera URLs: cameras go
 * through {@link CameraSession}, with its protocol whitelist.
 */
public final class OfflinePipeline {
    /** @param pictures pictures that entered the pipeline (decoded frames or passthrough samples) */
    public record Result(long packets, long pictures, long fragments) {
    }

    private OfflinePipeline() {
    }

    /** @param transcode settings as a camera would give them (null: none), over the table's box-wide defaults */
    public static Result run(Path input, PipelineMode mode, TranscodeSettings transcode, List<PrivacyMask> masks,
                             int decoderThreads, Consumer<Fragment> out) throws Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile());
        grabber.setVideoOption("threads", Integer.toString(decoderThreads));
        long[] fragments = {0};
        Fmp4Muxer muxer = new Fmp4Muxer("offline", InitSegment.TIMESCALE, f -> {
            fragments[0]++;
            out.accept(f);
        });
        long packets = 0;
        long pictures = 0;
        grabber.startUnsafe();
        VideoPipeline pipeline = null;
        try {
            int videoIndex = -1;
            for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
                if (grabber.getFormatContext().streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    videoIndex = i;
                    break;
                }
            }
            AVStream stream = grabber.getFormatContext().streams(videoIndex);
            pipeline = VideoPipelines.open(stream, grabber.getFrameRate(), mode,
                    TranscodeSettings.resolve(transcode, RecorderConfig.transcodeDefaults()), masks, muxer,
                    System::currentTimeMillis).pipeline();
            AVPacket pkt;
            while ((pkt = grabber.grabPacket()) != null) {
                try {
                    if (pkt.stream_index() == videoIndex) {
                        packets++;
                        pictures += pipeline.accept(pkt) ? 1 : 0;
                    }
                } finally {
                    avcodec.av_packet_unref(pkt);
                }
            }
            pipeline.finish();
            muxer.flush();
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
            grabber.releaseUnsafe();
        }
        return new Result(packets, pictures, fragments[0]);
    }
}
