package nl.poortwachter.media.h26x;

/**
 * An SPS's cropping / conformance window (H.264 frame_crop_*, H.265 conf_win_*): four Exp-Golomb offsets
 * after a presence flag, in chroma units. A 1080p stream is coded as 1088 lines with 8 cropped off.
 */
record CropWindow(int left, int right, int top, int bottom) {
    static CropWindow read(BitReader r) {
        if (r.bit() == 0) {
            return new CropWindow(0, 0, 0, 0);
        }
        return new CropWindow(r.ue(), r.ue(), r.ue(), r.ue());
    }

    /** In long: coded sizes and offsets come from Exp-Golomb codes of up to 31 bits, whose sums overflow an int. */
    long width(long coded, int unitX) {
        return coded - unitX * ((long) left + right);
    }

    long height(long coded, int unitY) {
        return coded - unitY * ((long) top + bottom);
    }
}
