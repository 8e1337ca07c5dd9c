package nl.poortwachter.media.h26x;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sequence parameter set as a camera sends it (in the SDP or in-band), read as H.264 and as H.265: the
 * picture size of a passthrough recording comes from it (docs/fuzzing.md). Contract: a plausible size or
 * IllegalArgumentException, nothing else.
 */
@ExtendWith(FuzzedForReal.class)
class PictureSizeFuzzTest {
    @FuzzTest
    void of(byte[] sps) throws Exception {
        FuzzedForReal.saw(sps);
        for (VideoCodec codec : VideoCodec.values()) {
            PictureSize[] size = new PictureSize[1];
            Allocation.atMost(1024, 4, sps.length, () -> {
                try {
                    size[0] = PictureSize.of(codec, sps);
                } catch (IllegalArgumentException malformed) {
                    // the documented answer to a truncated or malformed SPS
                }
            });
            if (size[0] != null) {
                assertTrue(size[0].width() >= 1 && size[0].width() <= 16384, () -> codec + " width " + size[0].width());
                assertTrue(size[0].height() >= 1 && size[0].height() <= 16384, () -> codec + " height " + size[0].height());
            }
        }
    }
}
