package nl.poortwachter.recorder.transcode;

import java.util.List;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.libav.Timestamps;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The sanitizing transcode of one camera session: decode whatever the camera sends, convert/scale to YUV420P,
 * drop frames above the fps cap, burn in privacy masks, encode H.264. Nothing of the camera's bitstream
 * survives: not its SEI, not its slice structure, not its encoder's fingerprints. Decoded frames go to the
 * encoder without a copy unless masks or conversion need one. One thread owns it; {@link #close()} frees
 * every native object once.
 */
public final class Transcoder implements AutoCloseable {
    private final int tbNum;
    private final int tbDen;
    private final int outWidth;
    private final int outHeight;
    private final long frameTicks;
    private final long minFrameTicks;
    private final MaskPainter masks;
    private final H264Encoder.PacketSink sink;
    private final java.util.function.Consumer<AVFrame> onFrame = this::frame;
    private VideoDecoder decoder;
    private H264Encoder encoder;
    private FrameScaler scaler;
    private long lastPts = Long.MIN_VALUE;
    private long nextDue = Long.MIN_VALUE;
    private boolean gotFrame;
    private boolean keyframesOnly;

    public Transcoder(AVCodecParameters input, int tbNum, int tbDen, double inputFps, TranscodeSettings settings,
                      List<PrivacyMask> privacyMasks, H264Encoder.PacketSink sink) {
        TranscodeSettings s = settings == null ? TranscodeSettings.DEFAULTS : settings.withDefaults();
        this.tbNum = tbNum;
        this.tbDen = tbDen;
        this.sink = sink;
        this.masks = new MaskPainter(privacyMasks == null ? List.of() : privacyMasks);
        int[] size = outputSize(input.width(), input.height(), s.maxHeight());
        outWidth = size[0];
        outHeight = size[1];
        double fps = inputFps > 0 && inputFps <= 120 ? inputFps : 25;
        int outFps = (int) Math.max(1, Math.round(s.maxFps() == null ? fps : Math.min(fps, s.maxFps())));
        frameTicks = InitSegment.TIMESCALE / outFps;
        minFrameTicks = s.maxFps() == null ? 0 : InitSegment.TIMESCALE / s.maxFps();
        try {
            decoder = new VideoDecoder(input, s.threads());
            encoder = new H264Encoder(outWidth, outHeight, outFps, s);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Width and height after the optional down-scale, both even (4:2:0). */
    public static int[] outputSize(int width, int height, Integer maxHeight) {
        int w = width;
        int h = height;
        if (maxHeight != null && h > maxHeight) {
            w = (int) Math.round((double) width * maxHeight / height);
            h = maxHeight;
        }
        return new int[] {Math.max(2, w & ~1), Math.max(2, h & ~1)};
    }

    public int outputWidth() {
        return outWidth;
    }

    public int outputHeight() {
        return outHeight;
    }

    /**
     * While only the camera's key frames are decoded (overload, docs/decisions.md D42), every picture is encoded as a
     * key frame: a second or more apart, each must start a fragment and be a place where playback can begin.
     */
    public void keyframesOnly(boolean on) {
        this.keyframesOnly = on;
    }

    /** @return true if the packet completed at least one picture */
    public boolean accept(AVPacket packet) {
        gotFrame = false;
        decoder.decode(packet, onFrame);
        return gotFrame;
    }

    /** End of session: everything the decoder and encoder still hold comes out. */
    public void finish() {
        decoder.decode(null, onFrame);
        encoder.encode(null, sink);
    }

    private void frame(AVFrame decoded) {
        gotFrame = true;
        long pts = Timestamps.toTicks(decoded.best_effort_timestamp(), tbNum, tbDen);
        if (pts == Long.MIN_VALUE) {
            pts = lastPts == Long.MIN_VALUE ? 0 : lastPts + frameTicks;
        }
        if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
            pts = lastPts + 1;
        }
        if (minFrameTicks > 0) {
            if (nextDue != Long.MIN_VALUE && pts < nextDue) {
                return;
            }
            nextDue = nextDue == Long.MIN_VALUE || pts - nextDue > minFrameTicks ? pts + minFrameTicks : nextDue + minFrameTicks;
        }
        lastPts = pts;
        AVFrame picture = decoded;
        if (FrameScaler.needed(decoded, outWidth, outHeight)) {
            if (scaler == null) {
                scaler = new FrameScaler(outWidth, outHeight);
            }
            picture = scaler.scale(decoded);
        } else if (!masks.isEmpty()) {
            // The decoder keeps this picture as a reference for the next ones: paint a private copy.
            FfmpegCalls.check(avutil.av_frame_make_writable(decoded), "copy frame for masking");
        }
        if (!masks.isEmpty()) {
            masks.paint(picture);
        }
        picture.pts(pts);
        // Let the encoder choose picture types: the camera's I-frames must not dictate ours (unless shedding load).
        picture.pict_type(keyframesOnly ? avutil.AV_PICTURE_TYPE_I : avutil.AV_PICTURE_TYPE_NONE);
        encoder.encode(picture, sink);
    }

    @Override
    public void close() {
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
