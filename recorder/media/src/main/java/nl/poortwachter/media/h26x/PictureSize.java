package nl.poortwachter.media.h26x;

/**
 * The displayed picture size from a sequence parameter set, for readers that get the stream without a
 * demuxer telling them (our own RTSP client). H.264: ITU-T H.264 7.3.2.1.1; H.265: see {@link H265Sps}.
 */
public record PictureSize(int width, int height) {
    private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

    /**
     * @param sps one SPS NAL unit, header included, without start code
     * @throws IllegalArgumentException if the SPS is truncated or malformed
     */
    public static PictureSize of(VideoCodec codec, byte[] sps) {
        if (codec == VideoCodec.H265) {
            H265Sps s = H265Sps.parse(sps);
            return checked(s.width, s.height);
        }
        return h264(sps);
    }

    private static PictureSize h264(byte[] sps) {
        BitReader r = new BitReader(sps, 1, sps.length);
        int profile = r.bits(8);
        r.bits(16); // constraint flags, level
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (isHighProfile(profile)) {
            chromaFormat = r.ue();
            if (chromaFormat == 3) {
                separateColourPlanes = r.bit() == 1;
            }
            r.ue(); // bit depth luma
            r.ue(); // bit depth chroma
            r.bit(); // qpprime_y_zero_transform_bypass
            if (r.bit() == 1) {
                for (int i = 0; i < (chromaFormat == 3 ? 12 : 8); i++) {
                    if (r.bit() == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.bit();
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.bit(); // gaps_in_frame_num_allowed
        long widthInMbs = r.ue() + 1L;
        long heightInMapUnits = r.ue() + 1L;
        int frameMbsOnly = r.bit();
        if (frameMbsOnly == 0) {
            r.bit(); // mb_adaptive_frame_field
        }
        r.bit(); // direct_8x8_inference
        CropWindow crop = CropWindow.read(r);
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        int unitX = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
        int unitY = (chromaArrayType == 1 ? 2 : 1) * (2 - frameMbsOnly);
        return checked(crop.width(widthInMbs * 16, unitX), crop.height((2 - frameMbsOnly) * heightInMapUnits * 16, unitY));
    }

    private static boolean isHighProfile(int profile) {
        for (int p : HIGH_PROFILES) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** The size if plausible; computed in long, so that absurd codes cannot wrap around to a plausible one. */
    private static PictureSize checked(long width, long height) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("implausible picture size " + width + "x" + height);
        }
        return new PictureSize((int) width, (int) height);
    }
}
