package nl.poortwachter.recorder.ingest.source;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * One connection attempt that reports what the camera sends, for an integrator adding a camera. Held to the
 * camera networks as recording is: our own DESCRIBE first, and the URL FFmpeg ended on afterwards.
 */
public final class Prober {
    private Prober() {
    }

    public static ProbeResult probe(CameraSpec camera, Duration timeout, Predicate<InetAddress> allowedAddress) {
        long t0 = System.nanoTime();
        try {
            FfmpegSource.checkBeforeOpen(camera, timeout.dividedBy(2), allowedAddress);
        } catch (SourceException e) {
            return ProbeResult.failure(e.problem(), e.getMessage(), (System.nanoTime() - t0) / 1_000_000);
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
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (video == null) {
                return ProbeResult.failure(ProbeResult.Problem.no_video, "the camera offers no video track", elapsed);
            }
            AVCodecParameters par = video.codecpar();
            String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
            double fps = g.getFrameRate();
            if (VideoCodec.fromFfmpegName(codec) == null) {
                return new ProbeResult(false, codec, par.width(), par.height(), fps, audio,
                        ProbeResult.Problem.unsupported_codec,
                        "codec '" + codec + "' can only be recorded with transcoding; H.264 and H.265 are recorded as they are",
                        elapsed);
            }
            return ProbeResult.success(codec, par.width(), par.height(), fps, audio, elapsed);
        } catch (SourceException e) {
            return ProbeResult.failure(e.problem(), e.getMessage(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            return ProbeResult.failure(FfmpegErrors.classify(e), FfmpegErrors.describe(e), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            try {
                Grabbers.release(g);
            } catch (Exception ignored) {
                // Nothing more to release: the probe's result stands.
            }
        }
    }
}
