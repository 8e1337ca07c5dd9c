package nl.poortwachter.recorder.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.PassthroughPolicy;
import nl.poortwachter.recorder.retention.RetentionConfig;

/**
 * Everything the recorder needs, already validated by whoever loaded it.
 *
 * @param configuredCameras cameras from the configuration file; created or updated at start-up
 * @param passthroughPolicy which cameras may run without the sanitizing transcode
 * @param retention         retention, storage reserve and export settings
 */
public record RecorderConfig(
        Path storageDir,
        Path databaseFile,
        Duration segmentDuration,
        Ingest ingest,
        Map<String, LegalRegime> legalRegimes,
        List<Cidr> cameraNetworks,
        List<CameraSpec> configuredCameras,
        int diskThreads,
        PassthroughPolicy passthroughPolicy,
        RetentionConfig retention) {

    /** A configuration with the default retention jobs (28 days, 1 GiB storage reserve, delete-oldest). */
    public RecorderConfig(Path storageDir, Path databaseFile, Duration segmentDuration, Ingest ingest,
                          Map<String, LegalRegime> legalRegimes, List<Cidr> cameraNetworks,
                          List<CameraSpec> configuredCameras, int diskThreads, PassthroughPolicy passthroughPolicy) {
        this(storageDir, databaseFile, segmentDuration, ingest, legalRegimes, cameraNetworks, configuredCameras,
                diskThreads, passthroughPolicy, RetentionConfig.defaults());
    }

    public RecorderConfig withRetention(RetentionConfig newRetention) {
        return new RecorderConfig(storageDir, databaseFile, segmentDuration, ingest, legalRegimes, cameraNetworks,
                configuredCameras, diskThreads, passthroughPolicy, newRetention);
    }

    public RecorderConfig withIngest(Ingest newIngest) {
        return new RecorderConfig(storageDir, databaseFile, segmentDuration, newIngest, legalRegimes, cameraNetworks,
                configuredCameras, diskThreads, passthroughPolicy, retention);
    }

    /** A configuration with the default policy: no camera is trusted for passthrough. */
    public RecorderConfig(Path storageDir, Path databaseFile, Duration segmentDuration, Ingest ingest,
                          Map<String, LegalRegime> legalRegimes, List<Cidr> cameraNetworks,
                          List<CameraSpec> configuredCameras, int diskThreads) {
        this(storageDir, databaseFile, segmentDuration, ingest, legalRegimes, cameraNetworks, configuredCameras,
                diskThreads, PassthroughPolicy.TRUST_NONE);
    }

    /**
     * @param connectTimeout FFmpeg's socket timeout (it fires after about twice this)
     * @param stallTimeout   no video packet for this long means the stream is dead: reconnect
     * @param rtspReader     who reads H.264/H.265 cameras over RTSP/TCP (see docs/decisions.md D18, D40)
     * @param maxConcurrentConnects cameras connecting at the same moment; the rest wait their turn, so a
     *                       restart with hundreds of cameras does not hit every camera and the CPU at once
     */
    public record Ingest(Duration connectTimeout, Duration stallTimeout, Duration backoffInitial,
                         Duration backoffMax, Duration probeTimeout, RtspReader rtspReader, int maxConcurrentConnects) {
        public static final int DEFAULT_MAX_CONCURRENT_CONNECTS = 8;

        public static Ingest defaults() {
            return new Ingest(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(10), RtspReader.builtin, DEFAULT_MAX_CONCURRENT_CONNECTS);
        }

        public Ingest withRtspReader(RtspReader reader) {
            return new Ingest(connectTimeout, stallTimeout, backoffInitial, backoffMax, probeTimeout, reader,
                    maxConcurrentConnects);
        }
    }

    /**
     * builtin: our own RTSP client for H.264/H.265 cameras over TCP (far fewer system calls); ffmpeg:
     * libavformat for every camera. UDP, rtsps and MJPEG cameras always use libavformat.
     */
    public enum RtspReader { builtin, ffmpeg }
}
