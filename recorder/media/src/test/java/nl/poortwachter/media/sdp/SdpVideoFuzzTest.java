package nl.poortwachter.media.sdp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session description as a camera sends it in its DESCRIBE answer (docs/fuzzing.md). Contract: never an
 * exception; either no video track (null) or one whose fields are within what RTP allows.
 */
@ExtendWith(FuzzedForReal.class)
class SdpVideoFuzzTest {
    /** A Dahua-style base: a query string that relative controls must keep. */
    private static final String BASE = "rtsp://127.0.0.1:554/cam/realmonitor?channel=1&subtype=0";

    @FuzzTest
    void parse(byte[] input) throws Exception {
        FuzzedForReal.saw(input);
        String sdp = new String(input, StandardCharsets.UTF_8);
        SdpVideo[] parsed = new SdpVideo[1];
        Allocation.atMost(16 * 1024, 48, input.length, () -> parsed[0] = SdpVideo.parse(sdp, BASE));
        SdpVideo v = parsed[0];
        if (v == null) {
            return;
        }
        assertTrue(v.payloadType() >= -1 && v.payloadType() <= 127, "payload type " + v.payloadType());
        assertTrue(v.clockRate() > 0, "clock rate " + v.clockRate());
        assertNotNull(v.control());
        assertNotNull(v.sessionControl());
        assertNotNull(v.encodingName());
        if (v.codec() != null) {
            String name = v.encodingName().toUpperCase(Locale.ROOT);
            assertTrue(name.equals("H264") || name.equals("H265"), v.encodingName());
        }
        long setBytes = 0;
        for (byte[] set : v.parameterSets()) {
            assertTrue(set.length > 1, "a parameter set of " + set.length + " byte");
            setBytes += set.length;
        }
        assertTrue(setBytes <= input.length, "parameter sets longer than the description");
    }
}
