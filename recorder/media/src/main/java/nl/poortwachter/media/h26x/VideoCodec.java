package nl.poortwachter.media.h26x;

/** The video codecs the recorder stores as they arrive. Everything else needs the transcoder. */
public enum VideoCodec {
    H264("h264"), H265("hevc");

    private final String ffmpegName;

    VideoCodec(String ffmpegName) {
        this.ffmpegName = ffmpegName;
    }

    public String ffmpegName() {
        return ffmpegName;
    }

    public static VideoCodec fromFfmpegName(String name) {
        for (VideoCodec c : values()) {
            if (c.ffmpegName.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** NAL unit type from the first byte(s) of a NAL unit. */
    public int nalType(byte[] data, int offset) {
        return this == H264 ? data[offset] & 0x1f : (data[offset] >> 1) & 0x3f;
    }

    public boolean isParameterSet(int nalType) {
        return this == H264 ? nalType == 7 || nalType == 8 : nalType >= 32 && nalType <= 34;
    }

    /**
     * What a stored or delivered bitstream may contain: slices and parameter sets only. Everything else is
     * dropped — SEI (where vendors put user data, e.g. unregistered SEI with their own payloads), access unit
     * delimiters, filler, end-of-sequence markers, SVC/MVC extensions and reserved or unspecified types a
     * decoder ignores anyway. A whitelist, so that a new vendor trick is dropped by default.
     */
    public boolean isAllowed(int nalType) {
        if (this == H264) {
            return nalType >= 1 && nalType <= 5 || nalType == 7 || nalType == 8;
        }
        return nalType <= 9 || nalType >= 16 && nalType <= 21 || nalType >= 32 && nalType <= 34;
    }

    /** Slices: what makes a packet a picture rather than side information. */
    public boolean isPicture(int nalType) {
        return this == H264 ? nalType >= 1 && nalType <= 5 : nalType <= 9 || nalType >= 16 && nalType <= 21;
    }

    public boolean isKeyframe(int nalType) {
        return this == H264 ? nalType == 5 : nalType >= 16 && nalType <= 23;
    }
}
