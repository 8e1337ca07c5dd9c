package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InterleavedInputTest {
    private static InterleavedInput input(String s) {
        return new InterleavedInput(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void readsAnAnswerThenAFrame() throws IOException {
        InterleavedInput in = input("RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Length: 2\r\n\r\nab$\u0001\u0000\u0003xyz");
        assertEquals(InterleavedInput.Kind.RESPONSE, in.next());
        assertEquals(200, in.response().status());
        assertEquals(3, in.response().cseq());
        assertArrayEquals("ab".getBytes(StandardCharsets.ISO_8859_1), in.response().body());
        assertEquals(InterleavedInput.Kind.FRAME, in.next());
        assertEquals(1, in.frameChannel());
        assertEquals("xyz", new String(in.buffer(), in.frameOffset(), in.frameLength(), StandardCharsets.ISO_8859_1));
    }

    /**
     * Fuzzing finding: "RTSP/1.0content-length 1" was read as status 1, and "RTSP/1.0 -401" as -401, which the
     * client's "status >= 300 is an error" takes for success; then "000". A status has three digits, the first
     * a class from 1 to 5.
     */
    @Test
    void aStatusWithoutThreeDigitsIsMalformed() {
        for (String line : new String[] {"RTSP/1.0content-length 1", "RTSP/1.0 -401 Unauthorized", "RTSP/1.0 +20 OK", "RTSP/1.0 000 OK", "RTSP/1.0 600 X", "RTSP/1.0"}) {
            IOException e = assertThrows(IOException.class, () -> input(line + "\r\n\r\n").next(), line);
            assertEquals("malformed RTSP status line", e.getMessage());
        }
    }

    /**
     * Fuzzing finding (49 bytes with "Content-Length: 0655356"): the buffer grew to the announced length (up to
     * 2 MiB for 1 MiB) before a byte of the body had come; a camera could make every connection hold that.
     */
    @Test
    void theBufferGrowsWithTheBytesThatArriveNotWithTheLengthAnnounced() {
        InterleavedInput in = input("RTSP/1.0 200 OK\r\nContent-Length: 1048576\r\n\r\nonly this");
        assertThrows(EOFException.class, in::next);
        assertEquals(128 * 1024, in.buffer().length);
    }
}
