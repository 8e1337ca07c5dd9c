package nl.poortwachter.recorder.ingest.source;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ConnectionTest;
import nl.poortwachter.recorder.camera.Picture;
import nl.poortwachter.recorder.camera.ProbeResult;
import nl.poortwachter.recorder.transcode.StillPicture;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * One connection attempt that reports what the camera sends, for an integrator adding a camera: the format, in
 * which modes it can be recorded (judged for the camera's mode), and on request one decoded picture. Held to the
 * camera networks as recording is: our own DESCRIBE first, and the URL FFmpeg ended on afterwards.
 */
public final class Prober {
    /** A camera sends a keyframe every few seconds; a picture that takes longer than this is not waited for. */
    private static final int MAX_PACKETS_FOR_PICTURE = 600;

    private Prober() {
    }

    public static ProbeResult probe(CameraSpec camera, Duration timeout, Predicate<InetAddress> allowedAddress) {
        return test(camera, timeout, false, allowedAddress).probe();
    }

    /**
     * @param picture        also decode one picture (with the camera's privacy masks burnt in), within the same timeout
     * @param allowedAddress the camera networks: checked for every address connected to, redirects included
     */
    public static ConnectionTest test(CameraSpec camera, Duration timeout, boolean picture,
                                      Predicate<InetAddress> allowedAddress) {
        long t0 = System.nanoTime();
        try {
            FfmpegSource.checkBeforeOpen(camera, timeout.dividedBy(2), allowedAddress);
        } catch (SourceException e) {
            return new ConnectionTest(camera.url(), ProbeResult.failure(e.problem(), e.getMessage(), millisSince(t0)), null);
        }
        // The socket timeout fires after about twice the value: halve it to honour the caller's budget.
        FFmpegFrameGrabber g = Grabbers.create(camera, timeout.dividedBy(2), false);
        try {
            g.startUnsafe();
            FfmpegSource.checkAfterOpen(g, allowedAddress);
            AVFormatContext fc = g.getFormatContext();
            AVStream video = null;
            boolean audio = false;
            for (int i = 0; i < fc.nb_streams(); i++) {
                int type = fc.streams(i).codecpar().codec_type();
                if (type == avutil.AVMEDIA_TYPE_VIDEO && video == null) {
                    video = fc.streams(i);
                } else if (type == avutil.AVMEDIA_TYPE_AUDIO) {
                    audio = true;
                }
            }
            if (video == null) {
                return new ConnectionTest(camera.url(), ProbeResult.failure(ProbeResult.Problem.no_video,
                        "the camera offers no video track", millisSince(t0)), null);
            }
            AVCodecParameters par = video.codecpar();
            String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
            boolean decodable = avcodec.avcodec_find_decoder(par.codec_id()) != null;
            ProbeResult result = ProbeResult.connected(codec, par.width(), par.height(), g.getFrameRate(), audio,
                    camera.mode(), decodable, VideoCodec.fromFfmpegName(codec) != null, millisSince(t0));
            Picture still = picture && decodable ? firstPicture(g, video.index(), par, camera, t0, timeout) : null;
            return new ConnectionTest(camera.url(), result, still);
        } catch (SourceException e) {
            return new ConnectionTest(camera.url(), ProbeResult.failure(e.problem(), e.getMessage(), millisSince(t0)), null);
        } catch (Exception e) {
            return new ConnectionTest(camera.url(), ProbeResult.failure(FfmpegErrors.classify(e), FfmpegErrors.describe(e),
                    millisSince(t0)), null);
        } finally {
            try {
                Grabbers.release(g);
            } catch (Exception ignored) {
                // Nothing more to release: the probe's result stands.
            }
        }
    }

    /** Reads packets until one picture decodes; null when none did within the budget (the probe still stands). */
    private static Picture firstPicture(FFmpegFrameGrabber g, int videoStream, AVCodecParameters par, CameraSpec camera,
                                        long t0, Duration timeout) throws FFmpegFrameGrabber.Exception {
        long deadline = t0 + timeout.toNanos();
        try (StillPicture still = new StillPicture(par, camera.masks())) {
            boolean fromKeyframe = false;
            for (int i = 0; i < MAX_PACKETS_FOR_PICTURE && System.nanoTime() < deadline; i++) {
                AVPacket packet = g.grabPacket();
                if (packet == null) {
                    break;
                }
                try {
                    // Joined mid-GOP: pictures before the first keyframe decode as grey smears, not as the view.
                    fromKeyframe |= packet.stream_index() == videoStream && (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
                    if (packet.stream_index() == videoStream && fromKeyframe) {
                        Picture p = still.accept(packet);
                        if (p != null) {
                            return p;
                        }
                    }
                } finally {
                    // JavaCV does not unreference the previous packet (D6).
                    avcodec.av_packet_unref(packet);
                }
            }
            return fromKeyframe ? still.finish() : null;
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
