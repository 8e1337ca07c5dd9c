package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.ingest.source.PacketReader;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.testing.Ffprobe;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transcoded picture's live chunk carries when ITS camera picture reached the gateway: the decoder (B-frames:
 * pictures come out in another order than they went in) and the encoder hold pictures back, and the time of a
 * later picture must not be attached to an earlier one (that made a 1080p camera's latency read −295 ms).
 */
class TranscodeArrivalTest {
    private static final long PICTURE_INTERVAL_MILLIS = 40;

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {1, 2})
    void everyLiveChunkCarriesTheArrivalOfItsOwnCameraPicture(int threads, @TempDir Path dir) throws Exception {
        Path clip = dir.resolve("camera.mp4");
        // A camera stream with B-frames (decode order is not display order) and two slices per picture.
        Ffprobe.run(List.of(Ffprobe.ffmpegPath(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-frames:v", "60", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "25",
                "-x264-params", "slices=2", "-pix_fmt", "yuv420p", clip.toString()));

        AtomicLong now = new AtomicLong(1_000_000);
        Map<Long, Long> arrivalBySourceTicks = new HashMap<>();
        List<long[]> chunks = new ArrayList<>(); // {media ticks, carried arrival, clock when the chunk left}
        Fmp4Muxer muxer = new Fmp4Muxer("s", InitSegment.TIMESCALE, f -> { }, new Fmp4Muxer.ChunkSink() {
            @Override
            public boolean wanted() {
                return true;
            }

            @Override
            public void accept(Fragment chunk) {
                chunks.add(new long[] {chunk.baseMediaTime(), chunk.wallClockMillis(), now.get()});
            }
        });
        TranscodeSettings settings = TranscodeSettings.resolve(new TranscodeSettings(null, null, 500, 50, null, null, threads),
                RecorderConfig.transcodeDefaults());
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile());
        grabber.startUnsafe();
        long[] first = {Long.MAX_VALUE};
        try {
            PacketReader reader = PacketReader.of(grabber);
            VideoPipeline pipeline = VideoPipelines.open(reader.stream("ffmpeg"), reader::parameters,
                    PipelineMode.transcode, settings, List.of(), muxer, null, () -> false).pipeline();
            try {
                // Each packet is one camera picture, arriving one picture interval after the previous one.
                while (reader.read(unit -> {
                    arrivalBySourceTicks.put(unit.pts(), unit.arrivalMillis());
                    first[0] = Math.min(first[0], unit.pts());
                    pipeline.accept(unit);
                }, () -> now.addAndGet(PICTURE_INTERVAL_MILLIS))) {
                    // every packet went through the pipeline
                }
                now.addAndGet(PICTURE_INTERVAL_MILLIS);
                pipeline.finish();
                muxer.flush();
            } finally {
                pipeline.close();
            }
        } finally {
            grabber.releaseUnsafe();
        }

        assertEquals(60, chunks.size(), "one live chunk per camera picture");
        for (long[] c : chunks) {
            // The muxer counts media time from the session's first picture (the earliest in display order).
            long sourceTicks = c[0] + first[0];
            Long arrived = arrivalBySourceTicks.get(sourceTicks);
            assertTrue(arrived != null, "chunk at " + c[0] + " ticks matches no camera picture");
            assertEquals(arrived, c[1], "chunk at media time " + c[0] * 1000 / InitSegment.TIMESCALE
                    + " ms carries another picture's arrival (off by " + (c[1] - arrived) + " ms)");
            assertTrue(c[1] <= c[2], "a picture cannot have arrived after its chunk left");
        }
    }
}
