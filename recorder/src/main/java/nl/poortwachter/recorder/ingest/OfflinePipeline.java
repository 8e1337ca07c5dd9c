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
import nl.poortwachter.recorder.ingest.source.PacketReader;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The camera pipeline run over a local file as fast as it goes: for the benchmark harness (throughput against
 * the ffmpeg CLI) and for tests with encoder output cameras rarely produce. Not for camera URLs: cameras go
 * through {@link CameraSession}, with its protocol whitelist and camera networks.
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
        long[] counts = {0, 0};
        grabber.startUnsafe();
        VideoPipeline pipeline = null;
        try {
            PacketReader reader = PacketReader.of(grabber);
            if (reader == null) {
                throw new IllegalArgumentException(input + " has no video track");
            }
            pipeline = VideoPipelines.open(reader.stream("ffmpeg"), reader::parameters, mode,
                    TranscodeSettings.resolve(transcode, RecorderConfig.transcodeDefaults()), masks, muxer, null,
                    () -> false).pipeline();
            VideoPipeline p = pipeline;
            while (reader.read(unit -> {
                counts[0]++;
                counts[1] += p.accept(unit) ? 1 : 0;
            }, System::currentTimeMillis)) {
                // every video packet went through the pipeline
            }
            pipeline.finish();
            muxer.flush();
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
            grabber.releaseUnsafe();
        }
        return new Result(counts[0], counts[1], fragments[0]);
    }
}
