package nl.poortwachter.media.rtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import nl.poortwachter.media.h26x.VideoCodec;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RTP packets of a camera's video track, framed as they arrive interleaved in the RTSP connection
 * ({@code '$' channel length packet}, channel 0 being video), depacketised as H.264 and as H.265
 * (docs/fuzzing.md). Contract: never an exception; every picture handed on is Annex B within its buffer;
 * what comes out, and the buffer it comes in, are bounded by what went in.
 */
@ExtendWith(FuzzedForReal.class)
class RtpDepacketizerFuzzTest {
    /** The picture buffer RtpDepacketizer starts with; it may grow with the pictures, never beyond them. */
    private static final int BUFFER = 64 * 1024;

    @FuzzTest
    void packets(byte[] stream) throws Exception {
        FuzzedForReal.saw(stream);
        for (VideoCodec codec : VideoCodec.values()) {
            long[] out = new long[1];
            RtpDepacketizer depacketizer = new RtpDepacketizer(codec, 90_000, (data, length, timestamp, damaged) -> {
                assertTrue(length >= 5 && length <= data.length, () -> "picture of " + length + " bytes in a buffer of " + data.length);
                assertTrue(data.length <= Math.max(BUFFER, 4 * stream.length), () -> "a buffer of " + data.length
                        + " bytes for " + stream.length + " bytes of packets");
                assertTrue(data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1, "a picture starts with a start code");
                out[0] += length;
            });
            Allocation.atMost(64 * 1024, 16, stream.length, () -> {
                int pos = 0;
                while (pos + 4 <= stream.length && stream[pos] == '$') {
                    int length = (stream[pos + 2] & 0xff) << 8 | stream[pos + 3] & 0xff;
                    if (pos + 4 + length > stream.length) {
                        break;
                    }
                    if (stream[pos + 1] == 0) {
                        // A copy of its own: reading past the packet's end must fail here, not read the next one.
                        depacketizer.packet(Arrays.copyOfRange(stream, pos + 4, pos + 4 + length), 0, length);
                    }
                    pos += 4 + length;
                }
            });
            assertTrue(out[0] <= 2L * stream.length, () -> out[0] + " bytes of pictures from " + stream.length + " bytes of packets");
        }
    }
}
