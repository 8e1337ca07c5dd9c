package nl.poortwachter.recorder.ingest.source;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult.Problem;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * A camera read by libavformat: for UDP transport, {@code rtsps://}, codecs our depacketiser does not handle
 * (MJPEG…) and the {@code ingest.rtspReader: ffmpeg} escape hatch. libavformat follows RTSP redirects by
 * itself, so the camera networks are enforced around it: before opening, our own client asks OPTIONS/DESCRIBE
 * (following redirects only within the networks); after opening, the URL FFmpeg ended on must still lie in
 * them, else the session is closed before a single packet is read. What is left: a camera that answers our
 * DESCRIBE and FFmpeg's differently makes FFmpeg connect once to a host outside the networks before we abort,
 * and {@code rtsps://} cameras get the after-check only (docs/decisions.md D40).
 */
final class FfmpegSource implements VideoSource {
    private final CameraSpec camera;
    private final Duration timeout;
    private final Predicate<InetAddress> allowedAddress;
    private final LongSupplier clock;
    private final boolean videoOnly;
    private FFmpegFrameGrabber grabber;
    private PacketReader reader;

    FfmpegSource(CameraSpec camera, Duration timeout, Predicate<InetAddress> allowedAddress, LongSupplier clock,
                 boolean videoOnly) {
        this.camera = camera;
        this.timeout = timeout;
        this.allowedAddress = allowedAddress;
        this.clock = clock;
        this.videoOnly = videoOnly;
    }

    @Override
    public SourceStream open() throws SourceException {
        checkBeforeOpen(camera, timeout, allowedAddress);
        grabber = Grabbers.create(camera, timeout, videoOnly);
        try {
            // startUnsafe: JavaCV's start() holds a JVM-wide lock, so one hung camera would block every other.
            grabber.startUnsafe();
        } catch (Exception e) {
            Problem problem = FfmpegErrors.classify(e);
            throw new SourceException(problem, FfmpegErrors.describe(e), problem != Problem.unreachable, false);
        }
        checkAfterOpen(grabber, allowedAddress);
        reader = PacketReader.of(grabber);
        if (reader == null) {
            throw new SourceException(Problem.no_video, "the camera offers no video track", true, false);
        }
        return reader.stream("ffmpeg");
    }

    /** Our own OPTIONS/DESCRIBE first, where our client can speak the protocol (plain RTSP; UDP too: it asks over TCP). */
    static void checkBeforeOpen(CameraSpec camera, Duration timeout, Predicate<InetAddress> allowedAddress)
            throws SourceException {
        if (!RtspClient.canRead(camera.url(), true)) {
            return;
        }
        try (RtspClient client = new RtspClient(camera.url(), camera.username(), camera.password(), timeout, allowedAddress)) {
            client.describe();
        } catch (RtspException e) {
            if (e.kind() == RtspException.Kind.not_allowed || e.kind() == RtspException.Kind.unreachable
                    || e.kind() == RtspException.Kind.auth_failed || e.kind() == RtspException.Kind.not_found) {
                Problem problem = ProblemMessage.problem(e.kind());
                throw new SourceException(problem, ProblemMessage.of(e), problem != Problem.unreachable, false);
            }
            // Anything else our client does not accept is left to FFmpeg, which may speak the camera's dialect.
        }
    }

    /** libavformat keeps the URL it was redirected to in AVFormatContext.url: it must lie in the networks too. */
    static void checkAfterOpen(FFmpegFrameGrabber opened, Predicate<InetAddress> allowedAddress) throws SourceException {
        String host;
        try {
            host = URI.create(opened.getFormatContext().url().getString()).getHost();
        } catch (IllegalArgumentException | NullPointerException e) {
            host = null;
        }
        if (host == null) {
            throw new SourceException(Problem.not_allowed, "cannot tell where FFmpeg connected; closed", true, false);
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)) {
                if (!allowedAddress.test(a)) {
                    throw new SourceException(Problem.not_allowed, "FFmpeg was redirected to " + a.getHostAddress()
                            + ", outside the allowed camera networks; closed", true, false);
                }
            }
        } catch (UnknownHostException e) {
            throw new SourceException(Problem.not_allowed, "cannot resolve where FFmpeg connected; closed", true, false);
        }
    }

    @Override
    public void read(UnitSink sink) throws Exception {
        if (!reader.read(sink, clock)) {
            throw new SourceException(Problem.timeout, "stream ended or stalled (no data within the timeout)", true, false);
        }
    }

    @Override
    public AVCodecParameters decoderParameters() {
        return reader.parameters();
    }

    @Override
    public void interrupt() {
        // A thread inside FFmpeg cannot be interrupted from outside; its socket timeout ends the read (D7).
    }

    @Override
    public void close() {
        if (grabber != null) {
            try {
                Grabbers.release(grabber);
            } catch (Exception e) {
                // Released as far as FFmpeg could; nothing else holds it.
            }
            grabber = null;
        }
    }
}
