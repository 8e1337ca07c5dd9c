package nl.poortwachter.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Everything a camera sends on its RTSP connection: answers, then RTP interleaved with them, arriving in reads of
 * varying size (docs/fuzzing.md). Contract: only IOException (the end of the stream included); every message
 * takes input bytes; frames lie inside the buffer behind their header; a status has three digits, the first
 * from 1 to 5; a body is as long as its Content-Length; memory grows with the bytes that arrived, not with the
 * lengths they announce.
 */
@ExtendWith(FuzzedForReal.class)
class InterleavedInputFuzzTest {
    /** The buffer InterleavedInput starts with. */
    private static final int BUFFER = 128 * 1024;

    /**
     * Words of the protocol and lengths at its limits, which mutations of the seeds rarely spell out (no line
     * breaks: Jazzer 0.26 writes them into its dictionary file unescaped).
     */
    @DictionaryEntries({"RTSP/1.0 200 OK", "Content-Length: ", "1048576", "1048577", "65535"})
    @FuzzTest
    void next(byte[] stream) throws Exception {
        FuzzedForReal.saw(stream);
        Allocation.atMost(BUFFER + 16 * 1024, 16, stream.length, () -> {
            Chunks chunks = new Chunks(stream);
            InterleavedInput input = new InterleavedInput(chunks);
            int messages = 0;
            try {
                while (true) {
                    InterleavedInput.Kind kind = input.next();
                    assertTrue(++messages <= stream.length / 4, "more messages than the bytes allow");
                    checkBuffer(input, chunks);
                    if (kind == InterleavedInput.Kind.FRAME) {
                        checkFrame(input);
                    } else {
                        checkResponse(input.response());
                    }
                }
            } catch (IOException endOrMalformed) {
                // the end of the stream, or an answer this reader refuses
            }
            checkBuffer(input, chunks);
        });
    }

    /** The buffer grows as bytes arrive (at most doubling), never ahead of them to a length the camera announced. */
    private static void checkBuffer(InterleavedInput input, Chunks chunks) {
        int size = input.buffer().length;
        assertTrue(size <= Math.max(BUFFER, 2 * chunks.delivered()),
                () -> "a buffer of " + size + " bytes after " + chunks.delivered() + " bytes arrived");
    }

    private static void checkFrame(InterleavedInput input) {
        byte[] b = input.buffer();
        int offset = input.frameOffset();
        int length = input.frameLength();
        assertTrue(offset >= 4 && offset + length <= b.length, () -> "frame at " + offset + "+" + length + " in " + b.length);
        assertEquals('$', b[offset - 4]);
        assertEquals(input.frameChannel(), b[offset - 3] & 0xff);
        assertEquals(length, (b[offset - 2] & 0xff) << 8 | b[offset - 1] & 0xff);
    }

    private static void checkResponse(RtspResponse r) {
        assertTrue(r.status() >= 100 && r.status() <= 599, "status " + r.status());
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            assertEquals(h.getKey().toLowerCase(Locale.ROOT), h.getKey(), "header names are lower case");
        }
        String contentLength = r.header("content-length");
        assertEquals(contentLength == null ? 0 : Integer.parseInt(contentLength.trim()), r.body().length, "body length");
    }

    /** The stream in reads of varying size, as a socket hands them out; the sizes follow from the input's length. */
    private static final class Chunks extends ByteArrayInputStream {
        private static final int[] SIZES = {1, 3, 1400, 17, 65536, 4, 300, 8192};
        private int next;

        Chunks(byte[] data) {
            super(data);
            next = data.length % SIZES.length;
        }

        int delivered() {
            return pos;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int size = SIZES[next++ % SIZES.length];
            return super.read(b, off, Math.min(len, size));
        }
    }
}
