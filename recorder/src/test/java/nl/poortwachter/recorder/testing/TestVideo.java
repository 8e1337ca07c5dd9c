package nl.poortwachter.recorder.testing;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.h26x.CodecConfig;
import nl.poortwachter.media.h26x.VideoCodec;

/** Init segments of real H.264 parameter sets, for tests that move fragments around without a camera. */
public final class TestVideo {
    /** The simulator's 1080p H.264 High SPS, as its SDP announces it. */
    private static final byte[] SPS = Base64.getDecoder().decode("Z2QAKKy0A8ARPy4C1AQEBQAAAwABAAADADKPGDKg");

    private TestVideo() {
    }

    /** 1080p H.264 with the simulator's SPS. */
    public static InitSegment init() {
        return init(1920, 1080, "68ee3cb0");
    }

    /** A track of this size; a different PPS makes different parameters (a new init segment, as a camera sends). */
    public static InitSegment init(int width, int height, String ppsHex) {
        return InitSegment.of(CodecConfig.build(VideoCodec.H264, width, height, List.of(SPS, HexFormat.of().parseHex(ppsHex))));
    }
}
