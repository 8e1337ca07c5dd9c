package nl.poortwachter.recorder.ingest.source;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.Transport;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Creates FFmpeg grabbers for cameras, with the options every RTSP open must have. */
public final class Grabbers {
    /**
     * Only what RTSP needs: the control connection (rtsp/rtsps over tcp/tls) and RTP over udp. Even a URL
     * that slipped past the URL policy cannot make FFmpeg read a file, run a filter graph or fetch over HTTP.
     */
    static final String PROTOCOL_WHITELIST = "rtsp,rtsps,rtp,srtp,tcp,udp,tls";

    /** Grabbers created and not yet released: a test hook that proves every native grabber is released. */
    private static final java.util.concurrent.atomic.AtomicInteger LIVE = new java.util.concurrent.atomic.AtomicInteger();

    private Grabbers() {
    }

    public static int live() {
        return LIVE.get();
    }

    /** Releases the grabber's native resources; call exactly once, on the thread that used it. */
    static void release(FFmpegFrameGrabber grabber) throws FFmpegFrameGrabber.Exception {
        try {
            // releaseUnsafe: release() takes the same JVM-wide lock as start().
            grabber.releaseUnsafe();
        } finally {
            LIVE.decrementAndGet();
        }
    }

    /**
     * @param videoOnly ask the camera for the video track only (SETUP is skipped for audio: no bandwidth
     *                  spent on sound we would drop anyway)
     */
    public static FFmpegFrameGrabber create(CameraSpec camera, Duration ioTimeout, boolean videoOnly) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(urlWithCredentials(camera));
        LIVE.incrementAndGet();
        g.setFormat("rtsp");
        g.setOption("protocol_whitelist", PROTOCOL_WHITELIST);
        g.setOption("rtsp_transport", camera.transport() == Transport.udp ? "udp" : "tcp");
        // FFmpeg 8: 'timeout' in microseconds (fires after about twice this); 'stimeout' no longer exists.
        g.setOption("timeout", Long.toString(ioTimeout.toNanos() / 1000));
        g.setOption("analyzeduration", "1000000");
        g.setOption("user_agent", "Poortwachter");
        // JavaCV opens a decoder it never uses for us; one thread instead of a frame-thread pool per camera.
        g.setVideoOption("threads", "1");
        if (camera.transport() == Transport.udp) {
            g.setOption("buffer_size", Integer.toString(4 << 20));
        }
        if (videoOnly) {
            g.setOption("allowed_media_types", "video");
        }
        return g;
    }

    /** FFmpeg takes RTSP credentials from the URL; this string must never be logged. */
    static String urlWithCredentials(CameraSpec camera) {
        if (!camera.hasCredentials()) {
            return camera.url();
        }
        int schemeEnd = camera.url().indexOf("://") + 3;
        String userInfo = encode(camera.username()) + (camera.password() == null ? "" : ":" + encode(camera.password()));
        return camera.url().substring(0, schemeEnd) + userInfo + "@" + camera.url().substring(schemeEnd);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
