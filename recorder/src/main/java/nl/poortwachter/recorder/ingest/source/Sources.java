package nl.poortwachter.recorder.ingest.source;

import java.net.InetAddress;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.config.RecorderConfig;

/**
 * Which source reads a camera's next session. Our own RTSP reader for every H.264/H.265 camera over RTSP/TCP,
 * passthrough and transcoded alike (fewer system calls, exact arrival times, a closed connection noticed at
 * once); FFmpeg for UDP, {@code rtsps://}, codecs our reader does not depacketise, and everything when
 * {@code ingest.rtspReader: ffmpeg} is set (docs/decisions.md D18, D40).
 */
public final class Sources {
    private final RecorderConfig.Ingest settings;
    private final Predicate<InetAddress> allowedAddress;
    private final LongSupplier clock;

    /**
     * @param allowedAddress the camera networks: every source checks each address it connects to
     * @param clock          the gateway's clock, for arrival times
     */
    public Sources(RecorderConfig.Ingest settings, Predicate<InetAddress> allowedAddress, LongSupplier clock) {
        this.settings = settings;
        this.allowedAddress = allowedAddress;
        this.clock = clock;
    }

    /** @param needsFfmpeg our reader met a codec it cannot depacketise in an earlier session of this camera */
    public VideoSource forCamera(CameraSpec camera, boolean needsFfmpeg) {
        if (!needsFfmpeg && builtinReads(camera)) {
            return new RtspSource(camera, settings.connectTimeout(), allowedAddress, clock);
        }
        return new FfmpegSource(camera, settings.connectTimeout(), allowedAddress, clock, true);
    }

    public boolean builtinReads(CameraSpec camera) {
        return settings.rtspReader() == RecorderConfig.RtspReader.builtin
                && RtspSource.canRead(camera.url(), camera.transport() != Transport.udp);
    }

    public Predicate<InetAddress> allowedAddress() {
        return allowedAddress;
    }
}
