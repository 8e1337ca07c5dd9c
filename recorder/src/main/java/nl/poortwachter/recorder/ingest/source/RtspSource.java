package nl.poortwachter.recorder.ingest.source;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.PictureSize;
import nl.poortwachter.media.h26x.VideoCodec;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.media.sdp.SdpVideo;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.ProbeResult.Problem;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * A camera read by our own RTSP client (docs/decisions.md D18): H.264/H.265 over RTSP/TCP, for passthrough and,
 * since the decoder takes whole pictures just as well from here, for transcoding. Hands on whole pictures only:
 * one hit by packet loss, and every one after it up to the next keyframe, is dropped rather than passed on
 * broken. A connection the camera closes ends the read at once (no waiting for a timeout).
 */
final class RtspSource implements VideoSource {
    /**
     * The wait between socket reads once the socket ran dry (D18, D93): short while someone watches live (a picture
     * reaches the viewer at most that much later), longer when the camera is only recorded (fragments are a second or
     * more anyway): 2.5 times fewer wake-ups of the camera's thread, the largest share of a passthrough camera's CPU.
     */
    static final long WATCHED_READ_WAIT_MILLIS = 40;
    static final long RECORDED_READ_WAIT_MILLIS = 100;

    private final RtspClient client;
    private final LongSupplier clock;
    private final NalScanner scanner = new NalScanner();
    private final AccessUnit unit = new AccessUnit();
    private VideoCodec codec;
    private byte[] extradata;
    private PictureSize size;
    private boolean waitingForKeyframe;
    private UnitSink sink;
    /** A picture read while waiting for the first SPS, handed on at the first read. */
    private byte[] first;
    private long firstTimestamp;
    private long firstArrival;
    private AVCodecParameters decoderParameters;

    RtspSource(CameraSpec camera, Duration timeout, Predicate<InetAddress> allowedAddress, LongSupplier clock) {
        this.client = new RtspClient(camera.url(), camera.username(), camera.password(), timeout, allowedAddress);
        this.clock = clock;
    }

    @Override
    public void watched(boolean watched) {
        client.readWaitMillis(watched ? WATCHED_READ_WAIT_MILLIS : RECORDED_READ_WAIT_MILLIS);
    }

    /** The cameras it can read: RTSP over TCP without TLS. The codec is known only after DESCRIBE. */
    static boolean canRead(String url, boolean tcp) {
        return RtspClient.canRead(url, tcp);
    }

    @Override
    public SourceStream open() throws SourceException {
        SdpVideo video;
        try {
            video = client.start(this::picture);
        } catch (RtspException e) {
            throw failure(e);
        }
        if (video.codec() == null) {
            // Not depacketised here (e.g. MJPEG): nothing was set up; the session decides what reads it instead.
            return new SourceStream(null, video.encodingName(), 0, 0, null, 0, "builtin");
        }
        codec = video.codec();
        extradata = annexB(video.parameterSets());
        byte[] sps = find(video.parameterSets(), spsType());
        try {
            while (sps == null) {
                client.readNext(); // pictures before the first SPS cannot be decoded or stored: dropped
                sps = first == null ? null : findInUnit(first, first.length);
            }
        } catch (SourceException e) {
            throw e;
        } catch (RtspException e) {
            throw failure(e);
        } catch (Exception e) {
            throw new SourceException(Problem.error, String.valueOf(e.getMessage()), true, false);
        }
        size = PictureSize.of(codec, sps);
        return new SourceStream(codec, codec.ffmpegName(), size.width(), size.height(), extradata, 0, "builtin");
    }

    @Override
    public void read(UnitSink target) throws Exception {
        if (first != null) {
            byte[] held = first;
            first = null;
            unit.wrap(held, held.length, firstTimestamp, isKeyframe(held, held.length), firstArrival);
            target.accept(unit);
            return;
        }
        this.sink = target;
        try {
            client.readNext();
        } catch (RtspException e) {
            throw failure(e);
        } finally {
            this.sink = null;
        }
    }

    /** From the depacketiser, during {@link RtspClient#readNext()}: one whole picture. */
    private void picture(byte[] data, int length, long timestamp, boolean damaged) throws Exception {
        long arrival = clock.getAsLong();
        if (damaged) {
            waitingForKeyframe = true;
            return;
        }
        boolean key = client.pictureIsKeyframe();
        if (waitingForKeyframe) {
            if (!key) {
                return;
            }
            waitingForKeyframe = false;
        }
        if (sink == null) {
            // Still opening: keep the newest picture that brings an SPS; it is handed on first.
            if (codec != null && findInUnit(data, length) != null) {
                first = Arrays.copyOf(data, length);
                firstTimestamp = timestamp;
                firstArrival = arrival;
            }
            return;
        }
        unit.wrap(data, length, timestamp, key, arrival);
        sink.accept(unit);
    }

    @Override
    public AVCodecParameters decoderParameters() {
        if (decoderParameters == null) {
            AVCodecParameters p = avcodec.avcodec_parameters_alloc();
            p.codec_type(avutil.AVMEDIA_TYPE_VIDEO);
            p.codec_id(codec == VideoCodec.H264 ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_HEVC);
            p.width(size.width());
            p.height(size.height());
            if (extradata != null) {
                // libav wants its own allocation, padded, which avcodec_parameters_free releases.
                BytePointer copy = new BytePointer(avutil.av_mallocz(extradata.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
                copy.put(extradata, 0, extradata.length);
                p.extradata(copy);
                p.extradata_size(extradata.length);
            }
            decoderParameters = p;
        }
        return decoderParameters;
    }

    @Override
    public void interrupt() {
        client.close();
    }

    @Override
    public void close() {
        client.close();
        if (decoderParameters != null) {
            avcodec.avcodec_parameters_free(decoderParameters);
            decoderParameters = null;
        }
    }

    /** A camera address outside the networks is permanent; a redirect there is not (the camera may change its mind). */
    private SourceException failure(RtspException e) {
        Problem problem = ProblemMessage.problem(e.kind());
        return new SourceException(problem, ProblemMessage.of(e), client.connected(),
                problem == Problem.not_allowed && client.redirects() == 0);
    }

    private int spsType() {
        return codec == VideoCodec.H264 ? 7 : 33;
    }

    private byte[] find(List<byte[]> nals, int type) {
        for (byte[] nal : nals) {
            if (codec.nalType(nal, 0) == type) {
                return nal;
            }
        }
        return null;
    }

    private byte[] findInUnit(byte[] data, int length) {
        int n = scanner.scanAnnexB(data, length);
        for (int i = 0; i < n; i++) {
            if (codec.nalType(data, scanner.start(i)) == spsType()) {
                return Arrays.copyOfRange(data, scanner.start(i), scanner.end(i));
            }
        }
        return null;
    }

    private boolean isKeyframe(byte[] data, int length) {
        int n = scanner.scanAnnexB(data, length);
        for (int i = 0; i < n; i++) {
            if (codec.isKeyframe(codec.nalType(data, scanner.start(i)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] annexB(List<byte[]> nals) {
        if (nals.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(nal, 0, nal.length);
        }
        return out.toByteArray();
    }
}
