package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PictureSizeTest {
    /** The simulator's 1080p H.264 High SPS, as its SDP announces it. */
    private static final byte[] SPS_1080P = Base64.getDecoder().decode("Z2QAKKy0A8ARPy4C1AQEBQAAAwABAAADADKPGDKg");

    @Test
    void readsTheCroppedSizeOfARealSps() {
        assertEquals(new PictureSize(1920, 1080), PictureSize.of(VideoCodec.H264, SPS_1080P));
    }

    /** Fuzzing finding: an SPS shorter than its NAL header made BitReader allocate a negative array. */
    @Test
    void anSpsShorterThanItsHeaderIsMalformedNotACrash() {
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H264, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H265, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PictureSize.of(VideoCodec.H265, new byte[] {0x42}));
    }
}
