package nl.poortwachter.recorder.transcode;

import java.util.List;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.PrivacyMask;
import nl.poortwachter.recorder.camera.TranscodeSettings;
import nl.poortwachter.recorder.camera.VideoEncoder;
import nl.poortwachter.recorder.libav.Timestamps;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The sanitizing transcode of one camera session: decode whatever the camera sends, convert/scale to YUV420P,
 * drop frames above the fps cap, burn in privacy masks, encode H.264 (the encoder {@link Encoders} finds for the
 * camera's choice). Nothing of the camera's bitstream
 * survives: not its SEI, not its slice structure, not its encoder's fingerprints. Decoded frames go to the
 * encoder without a copy unless masks or conversion need one. One thread owns it; {@link #close()} frees
 * every native object once.
 */
public final class Transcoder implements AutoCloseable {
    /** Receives encoded pictures; {@code data} is only valid during the call. */
    public interface PacketSink {
        /**
         * @param pts, dts      90 kHz ticks
         * @param arrivalMillis when the camera picture this was encoded from reached the gateway
         */
        void accept(byte[] data, int size, long pts, long dts, boolean keyframe, long arrivalMillis);
    }

    private final int tbNum;
    private final int tbDen;
    private final int outWidth;
    private final int outHeight;
    private final long frameTicks;
    private final long minFrameTicks;
    private final MaskPainter masks;
    private final PacketSink sink;
    private final java.util.function.Consumer<AVFrame> onFrame = this::frame;
    private final H264Encoder.PacketSink onPacket = this::encoded;
    private VideoDecoder decoder;
    private H264Encoder encoder;
    private FrameScaler scaler;
    private String encoderFallback;
    private ColourTags colour;
    private long lastPts = Long.MIN_VALUE;
    private long nextDue = Long.MIN_VALUE;
    private boolean gotFrame;
    private boolean keyframesOnly;
    /** Camera pictures' arrival by their timestamp, and the same by the timestamp they enter the encoder with. */
    private final ArrivalTimes sourceArrivals = new ArrivalTimes();
    private final ArrivalTimes encoderArrivals = new ArrivalTimes();
    /** The newest arrival handed in: the answer for a picture whose own is unknown (never earlier than the truth). */
    private long latestArrival;

    /**
     * @param settings complete settings: the camera's over the box-wide defaults ({@link TranscodeSettings#resolve})
     */
    public Transcoder(AVCodecParameters input, int tbNum, int tbDen, double inputFps, TranscodeSettings settings,
                      List<PrivacyMask> privacyMasks, PacketSink sink) {
        this(input, tbNum, tbDen, inputFps, settings, privacyMasks, sink, Encoders.choose(settings.encoder()));
    }

    /** @param choice the encoder to open; libx264 if it cannot be opened after all (a GPU out of sessions) */
    Transcoder(AVCodecParameters input, int tbNum, int tbDen, double inputFps, TranscodeSettings s,
               List<PrivacyMask> privacyMasks, PacketSink sink, Encoders.Choice choice) {
        if (!s.complete()) {
            throw new IllegalArgumentException("transcode settings without the box-wide defaults: " + s);
        }
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
            colour = ColourTags.of(input, !passesUnconverted(input.format(), input.width(), input.height()));
            encoder = openEncoder(choice, s, outFps);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private H264Encoder openEncoder(Encoders.Choice choice, TranscodeSettings s, int fps) {
        encoderFallback = choice.fallback();
        if (choice.encoder() != VideoEncoder.libx264) {
            try {
                return new H264Encoder(outWidth, outHeight, fps, s, choice.encoder(), colour);
            } catch (TranscodeException e) {
                encoderFallback = choice.encoder() + " could not be opened: " + e.getMessage();
            }
        }
        return new H264Encoder(outWidth, outHeight, fps, s, VideoEncoder.libx264, colour);
    }

    /**
     * Pictures of the output size in 4:2:0 go to the encoder as they are; full-range ones (YUVJ420P, as many
     * cameras send) too, in a stream tagged full range: converting them to limited range cost 1.2 ms per 1080p
     * picture, about a tenth of the whole transcode (docs/benchmarks.md).
     */
    private boolean passesUnconverted(int format, int width, int height) {
        return (format == avutil.AV_PIX_FMT_YUV420P || format == avutil.AV_PIX_FMT_YUVJ420P)
                && width == outWidth && height == outHeight;
    }

    /** The encoder in use. */
    public VideoEncoder encoder() {
        return encoder.kind();
    }

    /** Why the encoder in use is not the one the camera asked for, or null. */
    public String encoderFallback() {
        return encoderFallback;
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

    /**
     * @param packet        one whole camera picture
     * @param arrivalMillis when it reached the gateway: the encoded picture made from it carries this time
     * @return true if the packet completed at least one picture
     */
    public boolean accept(AVPacket packet, long arrivalMillis) {
        long ts = packet.pts() != avutil.AV_NOPTS_VALUE ? packet.pts() : packet.dts();
        sourceArrivals.put(Timestamps.toTicks(ts, tbNum, tbDen), arrivalMillis);
        latestArrival = arrivalMillis;
        gotFrame = false;
        decoder.decode(packet, onFrame);
        return gotFrame;
    }

    /** End of session: everything the decoder and encoder still hold comes out. */
    public void finish() {
        decoder.decode(null, onFrame);
        encoder.encode(null, onPacket);
    }

    private void frame(AVFrame decoded) {
        gotFrame = true;
        long pts = Timestamps.toTicks(decoded.best_effort_timestamp(), tbNum, tbDen);
        long arrival = sourceArrivals.get(pts, latestArrival);
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
        // The encoder may hold pictures back; what comes out is matched by the timestamp it went in with.
        encoderArrivals.put(pts, arrival);
        AVFrame picture = decoded;
        if (colour.fullRange() && decoded.format() == avutil.AV_PIX_FMT_YUVJ420P) {
            decoded.format(avutil.AV_PIX_FMT_YUV420P); // the same planes; the stream says they are full range
        }
        if (FrameScaler.needed(decoded, outWidth, outHeight, avutil.AV_PIX_FMT_YUV420P)) {
            if (scaler == null) {
                scaler = new FrameScaler(outWidth, outHeight, avutil.AV_PIX_FMT_YUV420P);
            }
            picture = scaler.scale(decoded);
        } else if (!masks.isEmpty()) {
            // The decoder keeps this picture as a reference for the next ones: paint a private copy.
            FfmpegCalls.check(avutil.av_frame_make_writable(decoded), "copy frame for masking");
        }
        if (!masks.isEmpty()) {
            masks.paint(picture, colour.fullRange() && picture == decoded);
        }
        picture.pts(pts);
        // Let the encoder choose picture types: the camera's I-frames must not dictate ours (unless shedding load).
        picture.pict_type(keyframesOnly ? avutil.AV_PICTURE_TYPE_I : avutil.AV_PICTURE_TYPE_NONE);
        encoder.encode(picture, onPacket);
    }

    private void encoded(byte[] data, int size, long pts, long dts, boolean keyframe) {
        sink.accept(data, size, pts, dts, keyframe, encoderArrivals.get(pts, latestArrival));
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
