package nl.poortwachter.media.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The camera side of an RTSP connection: RTSP responses and, after PLAY, RTP/RTCP interleaved as
 * {@code '$' channel length payload} (RFC 2326 10.12). Reads into one large buffer, as much as the socket has
 * at each call: that is the point of reading RTSP ourselves — libavformat makes a poll and a recv for every
 * 4-byte header and every payload, thousands of system calls per second per camera.
 */
final class InterleavedInput {
    private static final int MAX_HEADER = 64 * 1024;
    private static final int MAX_BODY = 1 << 20;
    private static final Pattern THREE_DIGITS = Pattern.compile("[1-5][0-9]{2}");
    /**
     * When a read brought less than this, the socket had been drained: wait (see {@link #batchReads}) before the
     * next read so that it returns many RTP packets at once instead of one. Costs at most that much latency.
     */
    private static final int SMALL_READ = 16 * 1024;

    /** What {@link #next} found: an interleaved frame (in {@link #buffer()} at offset/length) or a response. */
    enum Kind { FRAME, RESPONSE }

    private final InputStream in;
    /** Holds the largest interleaved frame (64 KiB + 4) and about 40 ms of a 16 Mbit/s camera. */
    private byte[] buf = new byte[128 * 1024];
    private int pos;
    private int limit;
    private int frameChannel;
    private int frameOffset;
    private int frameLength;
    private RtspResponse response;
    private long reads;
    private boolean drained;
    /** 0 until PLAY: no waiting in the handshake. */
    private long batchMillis;

    InterleavedInput(InputStream in) {
        this.in = in;
    }

    /**
     * From PLAY on: wait this long between reads when the socket runs dry (see {@link #SMALL_READ}); not in the
     * handshake. May change at any time, on the reading thread.
     */
    void batchReads(long millis) {
        batchMillis = millis;
    }

    Kind next() throws IOException {
        while (true) {
            fill(1);
            byte first = buf[pos];
            if (first == '$') {
                fill(4);
                frameChannel = buf[pos + 1] & 0xff;
                int length = (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
                fill(4 + length);
                frameOffset = pos + 4;
                frameLength = length;
                pos += 4 + length;
                return Kind.FRAME;
            }
            if (first == 'R' && startsWith("RTSP/")) {
                response = readResponse();
                return Kind.RESPONSE;
            }
            pos++; // not at a message boundary (some cameras pad): resynchronise on '$' or "RTSP/"
        }
    }

    byte[] buffer() {
        return buf;
    }

    int frameChannel() {
        return frameChannel;
    }

    int frameOffset() {
        return frameOffset;
    }

    int frameLength() {
        return frameLength;
    }

    RtspResponse response() {
        return response;
    }

    /** read() calls so far: for the benchmark's system-call count. */
    long reads() {
        return reads;
    }

    private boolean startsWith(String s) throws IOException {
        fill(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (buf[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private RtspResponse readResponse() throws IOException {
        int end;
        int scanned = pos;
        while ((end = headerEnd(scanned)) < 0) {
            if (limit - pos > MAX_HEADER) {
                throw new IOException("RTSP response header longer than " + MAX_HEADER + " bytes");
            }
            scanned = Math.max(pos, limit - 3);
            fill(limit - pos + 1);
        }
        String head = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos = end + 4;
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        // Three digits, the first a class 1-5 (RFC 2326 7.1.1); no sign: "-401" would pass for success with the
        // client's "< 300".
        if (status.length < 2 || !THREE_DIGITS.matcher(status[1]).matches()) {
            throw new IOException("malformed RTSP status line");
        }
        int code = Integer.parseInt(status[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        int bodyLength = 0;
        List<String> cl = headers.get("content-length");
        if (cl != null) {
            try {
                bodyLength = Integer.parseInt(cl.get(0));
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
            }
        }
        if (bodyLength < 0 || bodyLength > MAX_BODY) {
            throw new IOException("RTSP response body of " + bodyLength + " bytes");
        }
        fill(bodyLength);
        byte[] body = new byte[bodyLength];
        System.arraycopy(buf, pos, body, 0, bodyLength);
        pos += bodyLength;
        return new RtspResponse(code, status.length > 2 ? status[2] : "", headers, body);
    }

    private int headerEnd(int from) {
        for (int i = from; i + 3 < limit; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Makes {@code need} bytes available from pos, reading as much as the socket has each time. The buffer
     * grows only when full of bytes that arrived, doubling: a length the camera announces (a Content-Length, a
     * frame) costs memory only as its bytes come.
     */
    private void fill(int need) throws IOException {
        if (limit - pos >= need) {
            return;
        }
        if (buf.length - pos < need) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < need) {
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            if (batchMillis > 0 && drained) {
                try {
                    Thread.sleep(batchMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            int n = in.read(buf, limit, buf.length - limit);
            reads++;
            if (n < 0) {
                throw new EOFException("the camera closed the connection");
            }
            drained = n < SMALL_READ;
            limit += n;
        }
    }
}
