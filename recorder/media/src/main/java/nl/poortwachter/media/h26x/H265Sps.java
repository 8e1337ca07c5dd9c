package nl.poortwachter.media.h26x;

import java.util.Locale;

/** The fields of an H.265 SPS that the hvcC box and the codec string need (ITU-T H.265 7.3.2.2). */
final class H265Sps {
    int maxSubLayersMinus1;
    int temporalIdNesting;
    int profileSpace;
    int tier;
    int profileIdc;
    long compatibilityFlags;
    long constraintFlags;
    int levelIdc;
    int chromaFormat;
    int bitDepthLumaMinus8;
    int bitDepthChromaMinus8;
    /** Picture size after the conformance window (cropping); not checked for plausibility here. */
    long width;
    long height;

    static H265Sps parse(byte[] nal) {
        BitReader r = new BitReader(nal, 2, nal.length);
        H265Sps s = new H265Sps();
        r.bits(4);
        s.maxSubLayersMinus1 = r.bits(3);
        s.temporalIdNesting = r.bit();
        s.profileSpace = r.bits(2);
        s.tier = r.bit();
        s.profileIdc = r.bits(5);
        s.compatibilityFlags = r.longBits(32);
        s.constraintFlags = r.longBits(48);
        s.levelIdc = r.bits(8);
        boolean[] profilePresent = new boolean[8];
        boolean[] levelPresent = new boolean[8];
        for (int i = 0; i < s.maxSubLayersMinus1; i++) {
            profilePresent[i] = r.bit() == 1;
            levelPresent[i] = r.bit() == 1;
        }
        if (s.maxSubLayersMinus1 > 0) {
            for (int i = s.maxSubLayersMinus1; i < 8; i++) {
                r.bits(2);
            }
        }
        for (int i = 0; i < s.maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        r.ue();
        s.chromaFormat = r.ue();
        if (s.chromaFormat == 3) {
            r.bit();
        }
        int lumaWidth = r.ue();
        int lumaHeight = r.ue();
        CropWindow crop = CropWindow.read(r);
        s.width = crop.width(lumaWidth, s.chromaFormat == 1 || s.chromaFormat == 2 ? 2 : 1);
        s.height = crop.height(lumaHeight, s.chromaFormat == 1 ? 2 : 1);
        s.bitDepthLumaMinus8 = r.ue();
        s.bitDepthChromaMinus8 = r.ue();
        return s;
    }

    /** RFC 6381 / ISO 14496-15 Annex E codec string, e.g. {@code hvc1.1.6.L93.B0}. */
    String codecString() {
        StringBuilder sb = new StringBuilder("hvc1.");
        if (profileSpace > 0) {
            sb.append((char) ('A' + profileSpace - 1));
        }
        sb.append(profileIdc).append('.');
        sb.append(Long.toHexString(Integer.reverse((int) compatibilityFlags) & 0xffffffffL).toUpperCase(Locale.ROOT));
        sb.append('.').append(tier == 0 ? 'L' : 'H').append(levelIdc);
        byte[] constraint = new byte[6];
        int last = -1;
        for (int i = 0; i < 6; i++) {
            constraint[i] = (byte) (constraintFlags >>> (8 * (5 - i)));
            if (constraint[i] != 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            sb.append('.').append(String.format(Locale.ROOT, "%X", constraint[i] & 0xff));
        }
        return sb.toString();
    }
}
