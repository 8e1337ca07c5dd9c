package nl.poortwachter.recorder.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.fmp4.SessionBox;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.NalScanner;
import nl.poortwachter.media.h26x.VideoCodec;

/**
 * Turns the camera's Annex-B packets into MP4 samples for one session:
 * <ul>
 * <li>parameter sets go into the init segment, not the samples; a packet that carries only parameter sets
 *     (cameras send one before each IDR, with the same DTS) is merged into the next picture;</li>
 * <li>only slices and parameter sets pass ({@link VideoCodec#isAllowed}): SEI with vendor user data,
 *     delimiters, filler and unknown NAL types are dropped, in every mode;</li>
 * <li>timestamps: a missing PTS/DTS is filled in, decode time is forced to increase, and everything is
 *     rebased to the session start in 90 kHz ticks (wall-clock time is the muxer's timeline's business);</li>
 * <li>nothing is written before the first keyframe: a recording must start where a decoder can.</li>
 * </ul>
 * The init segment says which camera and session recorded the file and the session's time anchor
 * ({@link SessionBox}). One instance per session, used by the ingest thread only.
 */
final class PacketPacker {
    private final VideoCodec codec;
    private final int width;
    private final int height;
    private final Fmp4Muxer muxer;
    private final SessionIdentity identity;
    private final NalScanner scanner = new NalScanner();
    private final List<byte[]> pendingParameterSets = new ArrayList<>();
    private final List<byte[]> extradataParameterSets;

    private long firstDts = Long.MIN_VALUE;
    private long lastDts = Long.MIN_VALUE;
    private long frameTicks = InitSegment.TIMESCALE / 25;
    private CodecConfig config;
    /** A sample stays open until a packet with another timestamp arrives: cameras split pictures into slices. */
    private boolean sampleOpen;
    private boolean firstPacket = true;
    private long openTimestamp;

    /** @param identity what the init segment says about the session; null writes none (files that are no recording) */
    PacketPacker(VideoCodec codec, int width, int height, byte[] extradata, Fmp4Muxer muxer, SessionIdentity identity) {
        this.codec = codec;
        this.width = width;
        this.height = height;
        this.muxer = muxer;
        this.identity = identity;
        this.extradataParameterSets = extradata == null ? List.of() : parameterSetsOf(extradata);
    }

    boolean started() {
        return config != null;
    }

    /**
     * @param pts, dts       in 90 kHz ticks or {@link Long#MIN_VALUE} when the camera sent none
     * @param arrivalMillis when the picture reached the gateway (for a transcoded one: its camera picture)
     * @return true if a new picture (sample) started; false for dropped packets and further slices of a picture
     */
    boolean accept(byte[] data, int length, long pts, long dts, boolean flaggedKey, long arrivalMillis)
            throws StreamChangedException {
        int n = NalScanner.isAnnexB(data, length) ? scanner.scanAnnexB(data, length) : scanner.scanLengthPrefixed(data, length);
        if (n <= 0) {
            return false;
        }
        boolean picture = false;
        boolean keyNal = false;
        for (int i = 0; i < n; i++) {
            int type = codec.nalType(data, scanner.start(i));
            if (codec.isParameterSet(type)) {
                pendingParameterSets.add(Arrays.copyOfRange(data, scanner.start(i), scanner.end(i)));
            } else if (codec.isPicture(type)) {
                picture = true;
                keyNal |= codec.isKeyframe(type);
            }
        }
        if (!picture) {
            return false;
        }
        boolean keyframe = keyNal || flaggedKey;
        if (firstPacket) {
            firstPacket = false;
            if (pts == Long.MIN_VALUE && dts == Long.MIN_VALUE) {
                // The first packet after connecting has no timestamp: it is the tail of a picture already in
                // flight when we joined (FFmpeg flags it key all the same). Start at the first whole picture.
                pendingParameterSets.clear();
                return false;
            }
        }
        if (config == null) {
            if (!keyframe || !startTrack(arrivalMillis)) {
                pendingParameterSets.clear();
                return false;
            }
        } else if (!pendingParameterSets.isEmpty()) {
            checkUnchanged();
        }
        pendingParameterSets.clear();

        long raw = dts != Long.MIN_VALUE ? dts : pts;
        if (sampleOpen && raw != Long.MIN_VALUE && raw == openTimestamp) {
            // Another slice (or the rest) of the same picture, in its own packet: same sample.
            appendNals(data);
            return false;
        }
        finish();
        long decode = timestamp(pts, dts);
        int compositionOffset = pts == Long.MIN_VALUE ? 0 : (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, pts - firstDts - decode));
        muxer.startSample(decode, compositionOffset, keyframe, arrivalMillis);
        sampleOpen = true;
        openTimestamp = raw;
        appendNals(data);
        return true;
    }

    private void appendNals(byte[] data) {
        for (int i = 0; i < scanner.count(); i++) {
            int start = scanner.start(i);
            int type = codec.nalType(data, start);
            if (!codec.isAllowed(type) || (codec.isParameterSet(type) && isInConfig(data, start, scanner.end(i)))) {
                continue;
            }
            muxer.appendNal(data, start, scanner.length(i));
        }
    }

    /** Closes the open sample, if any (at the next picture, or when the session ends). */
    void finish() {
        if (sampleOpen) {
            muxer.endSample();
            sampleOpen = false;
        }
    }

    private long timestamp(long pts, long dts) {
        long t = dts != Long.MIN_VALUE ? dts : pts;
        long expected = lastDts == Long.MIN_VALUE ? 0 : lastDts + frameTicks;
        long decode;
        if (t == Long.MIN_VALUE) {
            // The first packet after connecting often has no timestamp: place it one frame before the next.
            decode = expected;
        } else {
            if (firstDts == Long.MIN_VALUE) {
                firstDts = t - expected;
            }
            decode = t - firstDts;
        }
        if (lastDts != Long.MIN_VALUE) {
            if (decode <= lastDts) {
                decode = lastDts + 1;
            } else if (decode - lastDts < InitSegment.TIMESCALE) {
                frameTicks = decode - lastDts;
            }
        }
        lastDts = decode;
        return decode;
    }

    /** @param arrivalMillis the first picture's arrival: it has media time 0, so this is the session's first anchor */
    private boolean startTrack(long arrivalMillis) {
        List<byte[]> sets = new ArrayList<>(pendingParameterSets);
        sets.addAll(extradataParameterSets);
        CodecConfig built = CodecConfig.build(codec, width, height, sets);
        if (built == null) {
            return false;
        }
        config = built;
        muxer.setInit(InitSegment.of(built, identity == null ? null : new SessionBox(identity.cameraId(),
                muxer.sessionId(), identity.openedAtMillis(), arrivalMillis, 0)));
        return true;
    }

    /** A new SPS/VPS means a new format; a new PPS alone is legal in-band and simply stays in the sample. */
    private void checkUnchanged() throws StreamChangedException {
        for (byte[] set : pendingParameterSets) {
            int type = codec.nalType(set, 0);
            boolean sequenceLevel = codec == VideoCodec.H264 ? type == 7 : type == 32 || type == 33;
            if (sequenceLevel && config.parameterSets().stream().noneMatch(p -> Arrays.equals(p, set))) {
                throw new StreamChangedException("camera sent new sequence parameters");
            }
        }
    }

    private boolean isInConfig(byte[] data, int start, int end) {
        for (byte[] p : config.parameterSets()) {
            if (p.length == end - start && Arrays.equals(p, 0, p.length, data, start, end)) {
                return true;
            }
        }
        return false;
    }

    private List<byte[]> parameterSetsOf(byte[] extradata) {
        List<byte[]> out = new ArrayList<>();
        if (!NalScanner.isAnnexB(extradata, extradata.length)) {
            return out;
        }
        NalScanner s = new NalScanner();
        int n = s.scanAnnexB(extradata, extradata.length);
        for (int i = 0; i < n; i++) {
            if (codec.isParameterSet(codec.nalType(extradata, s.start(i)))) {
                out.add(Arrays.copyOfRange(extradata, s.start(i), s.end(i)));
            }
        }
        return out;
    }

    CodecConfig config() {
        return config;
    }
}
